using BulletinBot.Core.Storage;

namespace BulletinBot.Postgres;

/// <summary>
/// The newest change number this replica knows of, without a round trip per search. It moves on this replica's own
/// commits (read-your-writes), on each <c>NOTIFY</c> on <see cref="PostgresWakeups.Changes"/> (whose payload is the
/// committed number), and on <see cref="FollowAsync"/>'s reads of the store: one at start, one per notification
/// without a number, and one per poll, which covers notifications lost while the listening connection was down.
/// Until the first read it knows nothing, so a process that does not follow (a one-shot command) asks the store.
/// </summary>
public sealed class PostgresChangeHead : IChangeHead
{
    /// <summary>How often the store is asked even when no notification came.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private long _known;
    private volatile bool _following;

    public long? Known => _following ? Interlocked.Read(ref _known) : null;

    /// <summary>Records that change <paramref name="sequence"/> is committed; a lower number than the known one is ignored.</summary>
    public void Advance(long sequence)
    {
        var known = Interlocked.Read(ref _known);
        while (sequence > known)
        {
            var seen = Interlocked.CompareExchange(ref _known, sequence, known);
            if (seen == known)
            {
                return;
            }

            known = seen;
        }
    }

    /// <summary>Reads the store's newest number (<paramref name="readHead"/>) now and after every wake-up or
    /// <paramref name="poll"/>, until cancelled.</summary>
    public async Task FollowAsync(Func<long> readHead, PostgresWakeups wakeups, TimeSpan poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readHead);
        ArgumentNullException.ThrowIfNull(wakeups);

        // The reads are synchronous; none of them holds up the host's start.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Advance(readHead());
                _following = true;
            }
            catch (Exception exception) when (exception is StorageException or Npgsql.NpgsqlException or IOException or TimeoutException)
            {
                // The database is away: searches ask it themselves (and report) until a read succeeds again.
                _following = false;
            }

            await wakeups.WaitAsync(PostgresWakeups.Changes, poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
