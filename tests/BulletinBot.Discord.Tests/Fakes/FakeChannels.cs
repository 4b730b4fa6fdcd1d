using System.Globalization;
using System.Text.Json;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>A message the fake created in a channel: a POST that was not refused and not a repeated nonce.</summary>
public sealed record CreatedMessage(string ChannelId, string Id, JsonElement Body, DateTimeOffset At);

/// <summary>
/// What Discord does with POST /channels/{id}/messages beyond the schema: 5 messages per 5 s per channel, told in
/// X-RateLimit-* headers and enforced with 429 and retry_after; a nonce sent with enforce_nonce again in the same
/// channel within a few minutes answers the message it created the first time instead of creating another; a channel
/// the bot lost answers 403 Missing Access, a deleted one 404 Unknown Channel.
/// </summary>
public sealed class FakeChannels(TimeProvider clock)
{
    public const int Permits = 5;

    /// <summary>The bucket hash of message posts; Discord gives one route the same hash every time.</summary>
    public const string Bucket = "bucket-messages";
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(5);

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> sent = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Channel, string Nonce), (CreatedMessage Message, DateTimeOffset At)> nonces = [];
    private readonly List<CreatedMessage> created = [];
    private long nextId = 300000000000000000;

    public HashSet<string> ForbiddenChannels { get; } = [];

    public HashSet<string> UnknownChannels { get; } = [];

    /// <summary>How many posts the channel limit refused with 429 (scripted answers not counted).</summary>
    public int LimitRefusals { get; private set; }

    /// <summary>How many posts repeated a nonce and got the first message back.</summary>
    public int NonceRepeats { get; private set; }

    public IReadOnlyList<CreatedMessage> Created
    {
        get
        {
            lock (gate)
            {
                return [.. created];
            }
        }
    }

    /// <summary>The answer to a message post, or null for any other request.</summary>
    public ScriptedAnswer? Answer(RecordedRequest request, string template)
    {
        if (request.Method != "POST" || template != "/channels/{channel_id}/messages")
        {
            return null;
        }

        var channel = request.Path.Split('/')[1];
        if (ForbiddenChannels.Contains(channel))
        {
            return new ScriptedAnswer(403, new { message = "Missing Access", code = 50001 });
        }

        if (UnknownChannels.Contains(channel))
        {
            return new ScriptedAnswer(404, new { message = "Unknown Channel", code = 10003 });
        }

        lock (gate)
        {
            var now = clock.GetUtcNow();
            // A tenth of the window as slack: a post paced exactly by the bot may arrive a little early after a late one.
            var counted = Window * 0.9;
            if (!sent.TryGetValue(channel, out var times))
            {
                times = [];
                sent[channel] = times;
            }

            times.RemoveAll(t => now - t >= counted);
            if (times.Count >= Permits)
            {
                LimitRefusals++;
                var retry = Math.Max(0.05, (counted - (now - times[0])).TotalSeconds);
                return new ScriptedAnswer(429, new { message = "You are being rate limited.", retry_after = retry, global = false },
                    Headers(0, retry, scope: "user"));
            }

            times.Add(now);
            var headers = Headers(Permits - times.Count, (counted - (now - times[0])).TotalSeconds);
            var body = request.Body;
            var nonce = body.TryGetProperty("nonce", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var enforced = body.TryGetProperty("enforce_nonce", out var e) && e.ValueKind == JsonValueKind.True;
            if (nonce is not null && enforced && nonces.TryGetValue((channel, nonce), out var first) && now - first.At < NonceLifetime)
            {
                NonceRepeats++;
                return new ScriptedAnswer(200, Message(first.Message, nonce), headers);
            }

            var message = new CreatedMessage(channel, (++nextId).ToString(CultureInfo.InvariantCulture), body, now);
            created.Add(message);
            if (nonce is not null && enforced)
            {
                nonces[(channel, nonce)] = (message, now);
            }

            return new ScriptedAnswer(200, Message(message, nonce), headers);
        }
    }

    private static object Message(CreatedMessage message, string? nonce) => new
    {
        id = message.Id,
        channel_id = message.ChannelId,
        type = 0,
        content = message.Body.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString() : "",
        nonce,
    };

    private static Dictionary<string, string> Headers(int remaining, double resetAfter, string? scope = null)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Bucket"] = Bucket,
            ["X-RateLimit-Limit"] = Permits.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", CultureInfo.InvariantCulture),
            ["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + resetAfter).ToString("0.000", CultureInfo.InvariantCulture),
        };
        if (scope is not null)
        {
            headers["X-RateLimit-Scope"] = scope;
            headers["Retry-After"] = Math.Ceiling(resetAfter).ToString(CultureInfo.InvariantCulture);
        }

        return headers;
    }
}
