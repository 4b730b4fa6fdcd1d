using BulletinBot.Core.Announcing;
using System.Threading.RateLimiting;

namespace BulletinBot.Discord.Rest;

/// <summary>
/// One Discord rate-limit bucket as a <see cref="RateLimiter"/>: its limit, what remains and when it resets come
/// from the X-RateLimit-* headers of the last answer; a request waits for the reset when nothing remains.
/// </summary>
internal sealed class DiscordBucket(TimeProvider time) : RateLimiter
{
    private readonly Lock gate = new();
    private int? limit;
    private int? remaining;
    private DateTimeOffset resetAt;
    private DateTimeOffset lastUsed = time.GetUtcNow();

    public override TimeSpan? IdleDuration => time.GetUtcNow() - lastUsed;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = remaining ?? 1 };
        }
    }

    /// <summary>What the last answer's headers said.</summary>
    public void Update(int newLimit, int newRemaining, TimeSpan resetAfter)
    {
        lock (gate)
        {
            limit = newLimit;
            remaining = newRemaining;
            resetAt = time.GetUtcNow() + resetAfter;
        }
    }

    /// <summary>A 429 for this bucket: nothing until <paramref name="retryAfter"/> has passed.</summary>
    public void Exhaust(TimeSpan retryAfter)
    {
        lock (gate)
        {
            limit ??= 1;
            remaining = 0;
            var until = time.GetUtcNow() + retryAfter;
            if (until > resetAt)
            {
                resetAt = until;
            }
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        TryTake(out var wait) ? PermitLease.Granted : PermitLease.Refused(wait);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        // Each turn waits until the reset the headers gave, so the loop ends once the bucket refills.
        while (!TryTake(out var wait))
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        return PermitLease.Granted;
    }

    private bool TryTake(out TimeSpan wait)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            lastUsed = now;
            wait = TimeSpan.Zero;
            if (remaining is null)
            {
                return true;
            }

            if (now >= resetAt)
            {
                remaining = limit;
            }

            if (remaining > 0)
            {
                remaining--;
                return true;
            }

            wait = resetAt - now;
            return false;
        }
    }
}
