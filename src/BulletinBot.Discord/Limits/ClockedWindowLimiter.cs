using System.Threading.RateLimiting;

namespace BulletinBot.Discord.Limits;

/// <summary>
/// A fixed-window limiter whose windows are turned by a <see cref="TimeProvider"/> timer instead of the
/// limiter's own wall-clock timer, so a fake clock in tests drives it like every other delay.
/// </summary>
internal sealed class ClockedWindowLimiter : IDisposable
{
    private readonly FixedWindowRateLimiter limiter;
    private readonly ITimer timer;

    public ClockedWindowLimiter(int permits, TimeSpan window, TimeProvider time)
    {
        limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        timer = time.CreateTimer(static state => ((FixedWindowRateLimiter)state!).TryReplenish(), limiter, window, window);
    }

    public RateLimiter Limiter => limiter;

    /// <summary>Waits for a permit; the permit is spent (a window counts what was sent, not what is in flight).</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("The rate limiter refused a permit.");
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        limiter.Dispose();
    }
}
