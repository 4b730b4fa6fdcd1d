using BulletinBot.Core.Replicas;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord.Gateway;

/// <summary>
/// Discord's identify limit (<c>session_start_limit.max_concurrency</c>): shards fall into buckets by
/// <c>shard_id % max_concurrency</c>, and each bucket allows one Identify per 5 seconds. A bucket is a lease
/// (<c>discord:identify:{bucket}</c>) held from before the connection until 5 seconds after its Identify went out, so
/// the rule holds across the replicas that share the leases, not only inside one process. A holder that dies lets the
/// bucket go early; the gateway then answers a too-early Identify with an invalid session, which the client waits out.
/// </summary>
public sealed class IdentifyGate(TimeProvider time, ILogger<IdentifyGate> logger, IWorkLeases? shared = null)
{
    private readonly IWorkLeases leases = shared ?? new SingleProcessLeases();

    /// <summary>One Identify per bucket per this long.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static string LeaseName(int bucket) => $"discord:identify:{bucket}";

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
                return new IdentifySlot(hold, time);
            }

            await Task.Delay(leases.RetryEvery < Poll ? leases.RetryEvery : Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A held identify bucket: given back <see cref="IdentifyGate.Spacing"/> after the Identify, or at once when none went out.</summary>
internal sealed class IdentifySlot(ILeaseHold hold, TimeProvider time)
{
    private int released;

    public void Identified() => Release(IdentifyGate.Spacing);

    public void Unused() => Release(TimeSpan.Zero);

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
