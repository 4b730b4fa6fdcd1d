using BulletinBot.Core.Announcing;
using System.Threading.RateLimiting;

namespace BulletinBot.Discord.Limits;

/// <summary>
/// A fixed-window <see cref="RateLimiter"/>: at most <c>permits</c> per window, windows counted on a
/// <see cref="TimeProvider"/>. The framework's FixedWindowRateLimiter measures its windows with Stopwatch even when
/// replenished by hand, so a fake clock in tests could not drive it; this one waits only on the given clock.
/// </summary>
internal sealed class ClockedWindowLimiter(int permits, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly Lock gate = new();
    private readonly DateTimeOffset start = time.GetUtcNow();
    private long currentWindow;
    private int used;
    private DateTimeOffset lastUsed = time.GetUtcNow();

    public override TimeSpan? IdleDuration => time.GetUtcNow() - lastUsed;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = permits - used };
        }
    }

    /// <summary>Waits for a permit; the permit is spent (a window counts what was sent, not what is in flight).</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(1, cancellationToken);
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        TryTake(permitCount, out var wait) ? PermitLease.Granted : PermitLease.Refused(wait);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, permits);
        // Each turn waits for the start of the next window, so the loop ends within a few windows.
        while (!TryTake(permitCount, out var wait))
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        return PermitLease.Granted;
    }

    private bool TryTake(int permitCount, out TimeSpan wait)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            lastUsed = now;
            var index = (now - start).Ticks / window.Ticks;
            if (index != currentWindow)
            {
                currentWindow = index;
                used = 0;
            }

            if (used + permitCount <= permits)
            {
                used += permitCount;
                wait = TimeSpan.Zero;
                return true;
            }

            wait = start + TimeSpan.FromTicks((index + 1) * window.Ticks) - now;
            return false;
        }
    }
}
