using System.Reflection;
using LiteDB.Engine;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Waits until every transaction committed so far is in the store's log on disk.
/// </summary>
/// <remarks>
/// LiteDB 5.0.20 returns from Commit once the transaction's pages are queued for its log writer, which writes them on
/// a thread of its own: a process killed in between loses the transaction although its caller went on (a post marked
/// sent is sent again after a restart). The writer keeps an event that is reset whenever a page is queued and set only
/// when it found the queue empty, every page before that written; LiteDB offers no public way to wait for it, so it
/// is reached by name (a test pins the names, as it pins the page flag). Once it is set after a commit returned, that
/// commit's pages are written, and one sync of the log, if the writer has not synced since, makes them durable.
/// </remarks>
internal sealed class LogDurability(LiteEngine engine, LogFileStream log)
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    internal static readonly FieldInfo? EngineDisk = typeof(LiteEngine).GetField("_disk", Instance);
    internal static readonly PropertyInfo? DiskQueue = EngineDisk?.FieldType.GetProperty("Queue", Instance);
    internal static readonly FieldInfo? QueueIsEmpty = typeof(LiteEngine).Assembly.GetType("LiteDB.Engine.DiskWriterQueue")?.GetField("_queueIsEmpty", Instance);

    /// <summary>A writer that takes longer than this for what one commit queued is not writing: the disk failed.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public void Wait(CancellationToken cancellationToken)
    {
        if (WriterEmptied() is { } emptied && !emptied.IsSet)
        {
            using var limit = new CancellationTokenSource(Limit, TimeProvider.System);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            try
            {
                emptied.Wait(either.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new StorageException(
                    $"The store's log was not written within {Limit.TotalSeconds:N0} s: the disk is full or failing. Free disk space and start again; nothing committed before is lost.");
            }
        }

        log.ReleaseHeld(cancellationToken);

        // The writer syncs after it emptied its queue too; whichever comes first does it, the other finds nothing to do.
        log.Flush();
    }

    /// <summary>The writer's "queue emptied" event, or null when nothing was ever queued for the log (nothing to wait for).</summary>
    private ManualResetEventSlim? WriterEmptied()
    {
        if (EngineDisk?.GetValue(engine) is not { } disk || DiskQueue?.GetValue(disk) is not { } lazy)
        {
            throw new InvalidOperationException("LiteDB's log writer is not where this build expects it (LiteDB was upgraded?).");
        }

        var type = lazy.GetType();
        if (type.GetProperty("IsValueCreated")!.GetValue(lazy) is not true)
        {
            return null;
        }

        var queue = type.GetProperty("Value")!.GetValue(lazy);
        return QueueIsEmpty?.GetValue(queue) as ManualResetEventSlim
            ?? throw new InvalidOperationException("LiteDB's log writer is not where this build expects it (LiteDB was upgraded?).");
    }
}
