using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using BulletinBot.Discord.Limits;

namespace BulletinBot.Discord.Rest;

/// <summary>
/// Discord's REST limits: a bucket per route and top-level resource (routes that share an X-RateLimit-Bucket
/// share it), the global 50 requests per second, and a global pause after a global 429.
/// </summary>
public sealed class DiscordRateLimits : IDisposable
{
    public const int GlobalRequestsPerSecond = 50;

    private readonly TimeProvider time;
    private readonly ClockedWindowLimiter global;
    private readonly ConcurrentDictionary<string, string> bucketOfRoute = new();
    private readonly ConcurrentDictionary<string, DiscordBucket> buckets = new();
    private long globalPauseUntilTicks;

    public DiscordRateLimits(TimeProvider time)
    {
        this.time = time;
        global = new ClockedWindowLimiter(GlobalRequestsPerSecond, TimeSpan.FromSeconds(1), time);
    }

    public async ValueTask AcquireAsync(DiscordRequest request, CancellationToken cancellationToken)
    {
        var pause = new DateTimeOffset(Interlocked.Read(ref globalPauseUntilTicks), TimeSpan.Zero) - time.GetUtcNow();
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, time, cancellationToken);
        }

        if (!request.IsInteraction)
        {
            await global.AcquireAsync(cancellationToken);
        }

        using var lease = await BucketFor(request).AcquireAsync(1, cancellationToken);
    }

    /// <summary>Reads the X-RateLimit-* headers of an answer into the request's bucket.</summary>
    public void Observe(DiscordRequest request, HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("X-RateLimit-Bucket", out var hashes) && hashes.FirstOrDefault() is { Length: > 0 } hash)
        {
            bucketOfRoute[request.Route] = hash;
        }

        if (Number(headers, "X-RateLimit-Limit") is { } limit
            && Number(headers, "X-RateLimit-Remaining") is { } remaining
            && Number(headers, "X-RateLimit-Reset-After") is { } resetAfter)
        {
            BucketFor(request).Update((int)limit, (int)remaining, TimeSpan.FromSeconds(resetAfter));
        }
    }

    /// <summary>A 429: the bucket, or every request when it was the global limit, waits <paramref name="retryAfter"/>.</summary>
    public void RateLimited(DiscordRequest request, bool isGlobal, TimeSpan retryAfter)
    {
        if (isGlobal)
        {
            var until = (time.GetUtcNow() + retryAfter).UtcTicks;
            var seen = Interlocked.Read(ref globalPauseUntilTicks);
            while (until > seen && Interlocked.CompareExchange(ref globalPauseUntilTicks, until, seen) != seen)
            {
                seen = Interlocked.Read(ref globalPauseUntilTicks);
            }
        }
        else
        {
            BucketFor(request).Exhaust(retryAfter);
        }
    }

    internal static double? Number(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value : null;

    private DiscordBucket BucketFor(DiscordRequest request)
    {
        var bucket = bucketOfRoute.TryGetValue(request.Route, out var hash) ? hash : request.Route;
        return buckets.GetOrAdd(bucket + "|" + request.TopLevel, _ => new DiscordBucket(time));
    }

    public void Dispose()
    {
        global.Dispose();
        foreach (var bucket in buckets.Values)
        {
            bucket.Dispose();
        }
    }
}
