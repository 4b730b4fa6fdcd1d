using BulletinBot.Core.Replicas;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord.Gateway;

/// <summary>
/// Discord's identify limit (<c>session_start_limit.max_concurrency</c>): shards fall into buckets by
/// <c>shard_id % max_concurrency</c>, and each bucket allows one Identify per 5 seconds. A bucket is a lease
/// (<c>discord:identify:{bucket}</c>) held from before the connection until 5 seconds after its Identify went out, so
/// the rule holds across the replicas that share the leases, not only inside one process. A holder that dies lets the
/// bucket's lease go at once (a database server drops a dead session's locks), so each Identify is also marked in the
/// shared store just before it goes out and again once it has gone (<see cref="IPaceMarks"/>), and whoever takes the
/// bucket next waits until 5 s (and <see cref="MarkMargin"/>) have passed since the last mark: a replica killed right
/// after its Identify, or slow to send it, no longer lets another identify too early. Should the store not answer, the
/// lease alone spaces them, as before.
/// </summary>
public sealed class IdentifyGate(TimeProvider time, ILogger<IdentifyGate> logger, IWorkLeases? shared = null, IPaceMarks? marks = null)
{
    private readonly IWorkLeases leases = shared ?? new SingleProcessLeases();
    private readonly IPaceMarks paceMarks = marks ?? new SingleProcessPaceMarks(time);

    /// <summary>Covers the moments between the mark after a send and that Identify reaching Discord.</summary>
    public static readonly TimeSpan MarkMargin = TimeSpan.FromMilliseconds(250);

    /// <summary>One Identify per bucket per this long.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static string LeaseName(int bucket) => $"discord:identify:{bucket}";

    /// <summary>The bucket's lease is held: waits until the spacing has passed since its last Identify, whoever sent it.</summary>
    private async Task WaitForMarkAsync(string name, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        try
        {
            wait = await paceMarks.WaitBeforeAsync(name, Spacing + MarkMargin, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Discord identify bucket {Lease}: the last Identify's mark could not be read ({Reason}); going on with the lease alone", name, exception.Message);
            return;
        }

        if (wait > TimeSpan.Zero)
        {
            logger.LogDebug("Discord identify bucket {Lease}: waiting {Wait} since its last Identify", name, wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the identify bucket of <paramref name="shardId"/>; the slot is given back 5 s after the Identify.</summary>
    internal async Task<IdentifySlot> AcquireAsync(int shardId, int maxConcurrency, CancellationToken cancellationToken)
    {
        var name = LeaseName(shardId % Math.Max(1, maxConcurrency));
        for (var failures = 0; ;)
        {
            ILeaseHold? hold;
            try
            {
                hold = await leases.TryTakeAsync(name, cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var backOff = WorkLeaseExtensions.BackOff(leases.RetryEvery, ++failures);
                logger.LogWarning("Discord identify bucket {Lease}: the store cannot be reached ({Reason}); trying again in {Delay}", name, exception.Message, backOff);
                await Task.Delay(backOff, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (hold is not null)
            {
                try
                {
                    await WaitForMarkAsync(name, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Stopped while waiting: the bucket is given back, not kept by a slot nobody holds.
                    await hold.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return new IdentifySlot(hold, time, paceMarks, logger);
            }

            await Task.Delay(leases.RetryEvery < Poll ? leases.RetryEvery : Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// A held identify bucket. Its Identify is marked in the shared store just before it goes out and again once it has
/// gone, and the bucket is given back <see cref="IdentifyGate.Spacing"/> after the send (or after the attempt, should
/// the send fail), or at once when no Identify was attempted.
/// </summary>
internal sealed class IdentifySlot(ILeaseHold hold, TimeProvider time, IPaceMarks marks, ILogger logger)
{
    private int attempted;
    private int released;

    /// <summary>Marks the Identify about to go out: should this process die before or during the send, the next holder
    /// still waits the spacing from here.</summary>
    public async Task IdentifyingAsync(CancellationToken cancellationToken)
    {
        // Set before the mark: from here the Identify may reach Discord, so the bucket is never given back at once.
        Volatile.Write(ref attempted, 1);
        await MarkAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the Identify again once it has gone out, then keeps the bucket for the spacing from then.</summary>
    public async Task IdentifiedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MarkAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(IdentifyGate.Spacing);
        }
    }

    /// <summary>The session ended: the bucket is given back at once if no Identify was attempted, else after the spacing.</summary>
    public void Ended() => Release(Volatile.Read(ref attempted) == 1 ? IdentifyGate.Spacing : TimeSpan.Zero);

    private async Task MarkAsync(CancellationToken cancellationToken)
    {
        try
        {
            await marks.MarkAsync(hold.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Discord identify bucket {Lease}: the Identify could not be marked in the store ({Reason}); the bucket's lease alone spaces it", hold.Name, exception.Message);
        }
    }

    private void Release(TimeSpan after)
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            _ = ReleaseAfterAsync(after);
        }
    }

    private async Task ReleaseAfterAsync(TimeSpan after)
    {
        try
        {
            if (after > TimeSpan.Zero)
            {
                await Task.Delay(after, time, hold.Lost).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Lost already.
        }

        await hold.DisposeAsync().ConfigureAwait(false);
    }
}
