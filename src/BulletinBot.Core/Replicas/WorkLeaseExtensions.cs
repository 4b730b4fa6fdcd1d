using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Replicas;

/// <summary>Running work only while a lease is held, taking it again whenever it is free.</summary>
public static class WorkLeaseExtensions
{
    /// <summary>
    /// Waits until this process can take <paramref name="name"/>, then runs <paramref name="work"/> with a token
    /// cancelled when the lease is lost or the host stops; when the lease is lost (or the work ends on its own while
    /// the host still runs) it waits and takes it again. A server that cannot be reached is retried with back-off,
    /// never thrown. Returns when <paramref name="stoppingToken"/> is cancelled.
    /// </summary>
    public static async Task RunWhileHeldAsync(
        this IWorkLeases leases,
        string name,
        Func<CancellationToken, Task> work,
        TimeProvider time,
        ILogger logger,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(logger);
        var failures = 0;
        var waiting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            ILeaseHold? hold;
            try
            {
                hold = await leases.TryTakeAsync(name, stoppingToken).ConfigureAwait(false);
                if (failures > 0)
                {
                    logger.LogInformation("Lease {Lease}: the store answers again after {Failures} failed attempt(s)", name, failures);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures++;
                var backOff = BackOff(leases.RetryEvery, failures);
                // Said once when the store is lost (and once when it is back), not at every attempt of a long outage.
                if (failures == 1)
                {
                    logger.LogWarning("Lease {Lease}: the store cannot be reached ({Reason}); trying again with back-off up to a minute", name, exception.Message);
                }
                else
                {
                    logger.LogDebug("Lease {Lease}: attempt {Failures} failed ({Reason}); next in {Delay}", name, failures, exception.Message, backOff);
                }
                await Delay(backOff, time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (hold is null)
            {
                if (!waiting)
                {
                    logger.LogInformation("Lease {Lease} is held by another replica; this one takes it over when it is free", name);
                    waiting = true;
                }

                await Delay(leases.RetryEvery, time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            waiting = false;
            await using (hold.ConfigureAwait(false))
            {
                logger.LogInformation("Lease {Lease} taken: this replica does its work", name);
                using var guarded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, hold.Lost);
                try
                {
                    await work(guarded.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (guarded.IsCancellationRequested)
                {
                    // Lost or stopping: the loop decides which.
                }

                if (hold.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Lease {Lease} lost: this replica stopped its work and tries to take it again", name);
                }
            }
        }
    }

    /// <summary>Doubling from <paramref name="first"/> up to one minute.</summary>
    public static TimeSpan BackOff(TimeSpan first, int failures) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, first.Ticks * (1L << Math.Clamp(failures - 1, 0, 16))));

    private static async Task Delay(TimeSpan delay, TimeProvider time, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
