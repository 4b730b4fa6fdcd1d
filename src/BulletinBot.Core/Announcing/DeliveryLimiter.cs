using System.Threading.RateLimiting;

namespace BulletinBot.Core.Announcing;

/// <summary>One platform limit: at most <see cref="Permits"/> messages per <see cref="Period"/>, for the platform or for each chat.</summary>
public sealed record DeliveryLimit(string Name, int Permits, TimeSpan Period, DeliveryLimitScope Scope)
{
    /// <summary>
    /// How late a message may reach the platform after its permit was taken, relative to the message
    /// <see cref="Permits"/> before it, without breaking the limit.
    /// </summary>
    public static readonly TimeSpan Room = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The spacing that keeps any window of <see cref="Period"/> plus <see cref="Room"/> at or under
    /// <see cref="Permits"/> messages. The room is spread over the permits of a window rather than
    /// added to each spacing: a message is late against the one a whole window before it, not against
    /// its neighbour, and 10 ms on each 33 ms of Telegram's overall limit cost almost a third of it.
    /// </summary>
    public TimeSpan Spacing => (Period + Room) / Permits;
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
/// The platforms' documented sending limits. Each limit grants one permit per
/// spacing of its period, so no window of its period ever holds more than its permits, bursts included.
/// Permits follow the clock of the <see cref="TimeProvider"/>, so a test's
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

    /// <summary>How long until every limit that applies to <paramref name="target"/> has a permit; nothing is taken.</summary>
    public TimeSpan WaitFor(DeliveryTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            return For(target.Platform).Where(limit => Applies(limit, target)).Select(limit => BucketFor(limit, target).Wait(now)).DefaultIfEmpty(TimeSpan.Zero).Max();
        }
    }

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
            wait = buckets.Select(b => b.Wait(now)).DefaultIfEmpty(TimeSpan.Zero).Max();
            if (wait > TimeSpan.Zero)
            {
                return false;
            }

            buckets.ForEach(b => b.Take());
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
            bucket = new Bucket(limit.Spacing, time);
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

    private sealed class Bucket(TimeSpan spacing, TimeProvider time) : IDisposable
    {
        private readonly SpacingRateLimiter _limiter = new(spacing, time);

        public TimeSpan Wait(long now) => _limiter.Wait(now);

        public void Take()
        {
            using var lease = _limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                throw new InvalidOperationException("A delivery permit was taken without being checked first.");
            }
        }

        public void Dispose() => _limiter.Dispose();
    }
}

/// <summary>
/// A <see cref="RateLimiter"/> that grants one permit per <paramref name="spacing"/> on the clock of a
/// <see cref="TimeProvider"/>. The library's own limiters replenish on their own clock, even when
/// replenished by hand, which a test's fake clock cannot drive.
/// </summary>
internal sealed class SpacingRateLimiter(TimeSpan spacing, TimeProvider time) : RateLimiter
{
    private readonly Lock _gate = new();
    private long? _last;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _last is { } last ? time.GetElapsedTime(last) : null;
            }
        }
    }

    /// <summary>How long from <paramref name="now"/> until the next permit; zero when one is free.</summary>
    public TimeSpan Wait(long now)
    {
        lock (_gate)
        {
            var elapsed = _last is { } last ? time.GetElapsedTime(last, now) : spacing;
            return elapsed >= spacing ? TimeSpan.Zero : spacing - elapsed;
        }
    }

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = Wait(time.GetTimestamp()) == TimeSpan.Zero ? 1 : 0,
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, 1);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var wait = Wait(now);
            if (wait > TimeSpan.Zero)
            {
                return new SpacingLease(false, wait);
            }

            if (permitCount == 1)
            {
                _last = now;
            }

            return new SpacingLease(true, null);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lease = AttemptAcquireCore(permitCount);
            if (lease.IsAcquired || !lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
            {
                return lease;
            }

            lease.Dispose();
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private sealed class SpacingLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
