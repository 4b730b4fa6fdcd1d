using System.Threading.RateLimiting;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Holds deliveries to their platforms' limits, which each platform's <see cref="IChatChannel"/> declares. Each
/// limit grants one permit per spacing of its period, so no window of its period ever holds more than its permits,
/// bursts included. Permits follow the clock of the <see cref="TimeProvider"/>, so a test's fake clock drives them.
/// </summary>
public sealed class DeliveryLimiter(IEnumerable<IChatChannel> channels, TimeProvider time) : IDisposable
{
    private readonly Dictionary<string, DeliveryLimits> _limits = channels.ToDictionary(c => c.Platform, c => c.Limits, StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long? _heldFrom;

    /// <summary>The limits of <paramref name="platform"/>, as its channel declares them; none for a platform with no channel here.</summary>
    public DeliveryLimits For(string platform) => _limits.GetValueOrDefault(platform) ?? DeliveryLimits.None;

    /// <summary>How long until every limit that applies to <paramref name="target"/> has a permit; nothing is taken.</summary>
    public TimeSpan WaitFor(DeliveryTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = time.GetTimestamp();
        lock (_gate)
        {
            return For(target.Platform).For(target).Select(limit => BucketFor(target.Platform, limit).Wait(now)).DefaultIfEmpty(TimeSpan.Zero).Max();
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
            var buckets = For(target.Platform).For(target).Select(limit => BucketFor(target.Platform, limit)).ToList();
            wait = buckets.Select(b => b.Wait(now)).DefaultIfEmpty(TimeSpan.Zero).Max();
            if (wait > TimeSpan.Zero)
            {
                return false;
            }

            buckets.ForEach(b => b.Take());
            return true;
        }
    }

    /// <summary>
    /// Starts again as if every limit had just spent a permit: for a replica that takes over the deliveries. The
    /// replica that delivered before may have sent to any chat a moment ago (a killed process's lease is freed as soon
    /// as its connection drops), and this one cannot know when; so each chat's first message waits one spacing of its
    /// limits from now (a second for a Telegram chat, three for a group), and no limit is broken across the handover.
    /// What this replica recorded in an earlier term is dropped: another delivered in between.
    /// </summary>
    public void HoldFromNow()
    {
        lock (_gate)
        {
            foreach (var bucket in _buckets.Values)
            {
                bucket.Dispose();
            }

            _buckets.Clear();
            _heldFrom = time.GetTimestamp();
        }
    }

    private Bucket BucketFor(string platform, (DeliveryLimit Limit, string? Chat) limit)
    {
        var key = $"{platform}|{limit.Limit.Name}|{limit.Chat}";
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(limit.Limit.Spacing, time, _heldFrom);
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

    private sealed class Bucket(TimeSpan spacing, TimeProvider time, long? lastTaken) : IDisposable
    {
        private readonly SpacingRateLimiter _limiter = new(spacing, time, lastTaken);

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
/// replenished by hand, which a test's fake clock cannot drive. <paramref name="lastTaken"/> is the timestamp a permit
/// counts as taken at before any is (null: none).
/// </summary>
internal sealed class SpacingRateLimiter(TimeSpan spacing, TimeProvider time, long? lastTaken = null) : RateLimiter
{
    private readonly Lock _gate = new();
    private long? _last = lastTaken;

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
                return PermitLease.Refused(wait);
            }

            if (permitCount == 1)
            {
                _last = now;
            }

            return PermitLease.Granted;
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
}
