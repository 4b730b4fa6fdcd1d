using System.Collections;
using System.Reflection;
using LiteDB.Engine;

namespace BulletinBot.Core.Storage;

/// <summary>
/// LiteDB 5.0.20 leaves a transaction open when a query fails on a damaged page, or when its store is closed from
/// another thread than the transaction's own; such a transaction's finalizer later discards pages of a cache that is
/// gone, throws ("discarded page must be writable"), and a finalizer that throws ends the process. Once a store is
/// damaged or closed its transactions can do nothing useful, so their finalizers are switched off. The monitor is
/// reached by name, as <see cref="LogDurability"/> reaches the log writer; where it is not found, nothing is done.
/// </summary>
internal static class OpenTransactions
{
    private static readonly FieldInfo? Monitor = typeof(LiteEngine).GetField("_monitor", BindingFlags.Instance | BindingFlags.NonPublic);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA1816", Justification = "The finalizers of LiteDB's own transactions, not ours.")]
    public static void Forget(LiteEngine? engine)
    {
        if (engine is null || Monitor?.GetValue(engine) is not { } monitor
            || monitor.GetType().GetProperty("Transactions")?.GetValue(monitor) is not IEnumerable transactions)
        {
            return;
        }

        // The monitor's collection may change under another thread's query; a second look is enough.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                foreach (var transaction in transactions.Cast<object>().ToArray())
                {
                    GC.SuppressFinalize(transaction);
                }

                return;
            }
            catch (InvalidOperationException)
            {
                // Changed while read: look again.
            }
        }
    }
}
