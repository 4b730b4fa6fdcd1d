using BulletinBot.Core.Replicas;

namespace BulletinBot.Discord.Gateway;

/// <summary>
/// How the replicas sharing the shards of one token even them out, with leases only. Each replica says how many shards
/// it runs by holding <see cref="WorkLeaseNames.DiscordRuns"/>(n) (one replica per n suffices). A replica running n
/// looks, at most every four staggers and one replica at a time (<see cref="WorkLeaseNames.DiscordGiving"/>), for the
/// lowest count held up to n − 2; finding one, it holds <see cref="WorkLeaseNames.DiscordGivingTo"/> of that count and
/// closes a shard. While a shard is being given, a free shard is taken only by the replica it is meant for (or by one
/// that runs none), never by the giver; otherwise free shards (those of a replica that died) are taken by anyone.
/// So no shard moves once no replica runs two more than another, and each move narrows the spread.
/// </summary>
internal sealed class ShardBalance(IWorkLeases leases, int shardCount, TimeSpan stagger, TimeProvider time) : IAsyncDisposable
{
    private ILeaseHold? runs;
    private int runsCount = -1;
    private ILeaseHold? giving;
    private ILeaseHold? givingTo;
    // The first check waits as long as the later ones: replicas starting together take their first shards (and
    // Identify them) undisturbed, and only a spread still uneven then moves.
    private long nextCheck = time.GetTimestamp() + (long)((stagger * 4).TotalSeconds * time.TimestampFrequency);
    private int balancedChecks;

    /// <summary>How many checks found the shards even (this replica running two or more); for tests.</summary>
    public int BalancedChecks => Volatile.Read(ref balancedChecks);

    /// <summary>
    /// Whether a replica running <paramref name="count"/> shards may take a free shard now: always when no shard is
    /// being given; while one is, only the replica it is meant for or one running none, and never the giver.
    /// </summary>
    public async Task<bool> MayTakeAsync(int count, CancellationToken cancellationToken)
    {
        if (giving is not null)
        {
            return false;
        }

        if (count == 0 || await IsFreeAsync(WorkLeaseNames.DiscordGiving, cancellationToken))
        {
            return true;
        }

        return runs is not null && runsCount == count && !await IsFreeAsync(WorkLeaseNames.DiscordGivingTo(count), cancellationToken);
    }

    /// <summary>
    /// Says that this replica runs <paramref name="count"/> shards and, when a check is due, whether it should close one
    /// for a replica that runs two fewer or less (true: it holds the giving leases until its next check).
    /// </summary>
    public async Task<bool> ShouldGiveAsync(int count, CancellationToken cancellationToken)
    {
        await SayRunsAsync(count, cancellationToken);
        var now = time.GetTimestamp();
        if (now < nextCheck)
        {
            return false;
        }

        // The shard given last had its interval to be taken: another replica may give one now.
        await ReleaseGivingAsync();
        if (count < 2)
        {
            return false;
        }

        nextCheck = now + Ticks(stagger * 4);
        if (await leases.TryTakeAsync(WorkLeaseNames.DiscordGiving, cancellationToken) is not { } turn)
        {
            return false;
        }

        ILeaseHold? to = null;
        try
        {
            var fewer = await LowestRunsUpToAsync(count - 2, cancellationToken);
            if (fewer is null)
            {
                // Even: nothing moves, and the check leaves every lease as it found it.
                Interlocked.Increment(ref balancedChecks);
                return false;
            }

            to = await leases.TryTakeAsync(WorkLeaseNames.DiscordGivingTo(fewer.Value), cancellationToken);
            if (to is null)
            {
                return false;
            }
        }
        finally
        {
            // Not giving (or the store failed): the turn goes back at once, never held by a replica that gives nothing.
            if (to is null)
            {
                await turn.DisposeAsync();
            }
        }

        giving = turn;
        givingTo = to;
        // Long enough for the taker's own round (a stagger per shard it runs, and a retry) to come round twice.
        nextCheck = now + Ticks((stagger * Math.Max(4, count + 1)) + (leases.RetryEvery * 2));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseGivingAsync();
        if (runs is { } held)
        {
            runs = null;
            await held.DisposeAsync();
        }
    }

    /// <summary>Holds DiscordRuns(count) if no other replica running as many does; gives up a count no longer true.</summary>
    private async Task SayRunsAsync(int count, CancellationToken cancellationToken)
    {
        if (runs is { } held && (runsCount != count || held.Lost.IsCancellationRequested))
        {
            runs = null;
            runsCount = -1;
            await held.DisposeAsync();
        }

        if (runs is null && count < shardCount && await leases.TryTakeAsync(WorkLeaseNames.DiscordRuns(count), cancellationToken) is { } taken)
        {
            runs = taken;
            runsCount = count;
        }
    }

    /// <summary>The lowest count up to <paramref name="most"/> that another replica says it runs; null for none.</summary>
    private async Task<int?> LowestRunsUpToAsync(int most, CancellationToken cancellationToken)
    {
        for (var count = 0; count <= most; count++)
        {
            if (!await IsFreeAsync(WorkLeaseNames.DiscordRuns(count), cancellationToken))
            {
                return count;
            }
        }

        return null;
    }

    /// <summary>Whether no replica holds <paramref name="name"/> (this one does not hold it): taken and given back at once.</summary>
    private async Task<bool> IsFreeAsync(string name, CancellationToken cancellationToken)
    {
        if (await leases.TryTakeAsync(name, cancellationToken) is not { } probe)
        {
            return false;
        }

        await probe.DisposeAsync();
        return true;
    }

    private async Task ReleaseGivingAsync()
    {
        foreach (var lease in new[] { givingTo, giving })
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }
        }

        giving = null;
        givingTo = null;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
