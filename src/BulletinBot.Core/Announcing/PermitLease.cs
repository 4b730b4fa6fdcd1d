using System.Threading.RateLimiting;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// The one lease our clocked rate limiters hand out (the delivery limiter's spacing, and the Discord adapter's
/// windows and REST buckets): granted, or refused with how long until a permit, as <see cref="MetadataName.RetryAfter"/>.
/// </summary>
public sealed class PermitLease : RateLimitLease
{
    private readonly TimeSpan? _retryAfter;

    private PermitLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    public static PermitLease Granted { get; } = new(true, null);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static PermitLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = _retryAfter;
        return _retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
    }
}
