using System.Threading.RateLimiting;

namespace BulletinBot.Core.Announcing;

/// <summary>One platform limit: at most <see cref="Permits"/> messages per <see cref="Period"/>, for the platform or for each chat.</summary>
public sealed record DeliveryLimit(string Name, int Permits, TimeSpan Period, DeliveryLimitScope Scope)
{
    /// <summary>The spacing that keeps any window of <see cref="Period"/> at or under <see cref="Permits"/> messages.</summary>
    public TimeSpan Spacing => Period / Permits;
}

public enum DeliveryLimitScope
{
    /// <summary>Every message the bot sends on the platform.</summary>
    Platform,

    /// <summary>Each chat or channel on its own.</summary>
    Chat,

    /// <summary>Each group or channel (not a private chat) on its own.</summary>
    Group,
}

/// <summary>
/// The platforms' documented sending limits. Each limit is a one-token bucket refilled after the
/// limit's spacing, so no window of its period ever holds more than its permits, bursts included.
/// The buckets refill only when asked, by the clock of the <see cref="TimeProvider"/>, so a test's
/// fake clock drives them.
/// </summary>
public sealed class DeliveryLimiter(TimeProvider time) : IDisposable
{
    public static IReadOnlyList<DeliveryLimit> Telegram { get; } =
    [
        new("30 messages/s overall", 30, TimeSpan.FromSeconds(1), DeliveryLimitScope.Platform),
        new("1 message/s per chat", 1, TimeSpan.FromSeconds(1), DeliveryLimitScope.Chat),
        new("20 messages/min per group or channel", 20, TimeSpan.FromMinutes(1), DeliveryLimitScope.Group),
    ];

    public static IReadOnlyList<DeliveryLimit> Discord { get; } =
    [
        new("5 messages per 5 s per channel", 5, TimeSpan.FromSeconds(5), DeliveryLimitScope.Chat),
    ];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>The limits of <paramref name="platform"/>; none for a platform we know no limits of.</summary>
    public static IReadOnlyList<DeliveryLimit> For(string platform) => platform switch
    {
        "telegram" => Telegram,
        "discord" => Discord,
        _ => [],
    };

    /// <summary>
    /// Takes one message's permit from every limit that applies to <paramref name="target"/>, or none
    /// of them; when any is spent, says how long until it refills.
    /// </summary>
    public bool TryAcquire(DeliveryTarget target, out TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var buckets = For(target.Platform)
                .Where(limit => Applies(limit, target))
                .Select(limit => BucketFor(limit, target))
                .ToList();
            wait = buckets.Select(b => b.Wait(now, time)).DefaultIfEmpty(TimeSpan.Zero).Max();
            if (wait > TimeSpan.Zero)
            {
                return false;
            }

            buckets.ForEach(b => b.Take(now));
            return true;
        }
    }

    private static bool Applies(DeliveryLimit limit, DeliveryTarget target) => limit.Scope switch
    {
        // Telegram groups, supergroups and channels have negative ids; private chats positive ones.
        DeliveryLimitScope.Group => target.ChatId.StartsWith('-'),
        _ => true,
    };

    private Bucket BucketFor(DeliveryLimit limit, DeliveryTarget target)
    {
        // A Discord thread is a channel of its own; a Telegram topic shares its chat's limits.
        var chat = target.Platform == "discord" ? target.ThreadId ?? target.ChatId : target.ChatId;
        var key = limit.Scope == DeliveryLimitScope.Platform ? $"{target.Platform}|{limit.Name}" : $"{target.Platform}|{limit.Name}|{chat}";
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(limit.Spacing);
            _buckets[key] = bucket;
        }

        return bucket;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var bucket in _buckets.Values)
            {
                bucket.Dispose();
            }

            _buckets.Clear();
        }
    }

    private sealed class Bucket(TimeSpan spacing) : IDisposable
    {
        private readonly TokenBucketRateLimiter _limiter = new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = spacing,
            QueueLimit = 0,
            AutoReplenishment = false,
        });

        private long? _taken;

        public TimeSpan Wait(long now, TimeProvider time)
        {
            if (_limiter.GetStatistics()?.CurrentAvailablePermits > 0)
            {
                return TimeSpan.Zero;
            }

            var elapsed = _taken is { } taken ? time.GetElapsedTime(taken, now) : spacing;
            if (elapsed < spacing)
            {
                return spacing - elapsed;
            }

            _limiter.TryReplenish();
            return TimeSpan.Zero;
        }

        public void Take(long now)
        {
            using var lease = _limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                throw new InvalidOperationException("A delivery permit was taken without being checked first.");
            }

            _taken = now;
        }

        public void Dispose() => _limiter.Dispose();
    }
}
