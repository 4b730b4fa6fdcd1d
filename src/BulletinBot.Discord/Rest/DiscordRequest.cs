using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulletinBot.Discord.Rest;

/// <summary>
/// One REST call. <see cref="Path"/> is relative to Discord:ApiBaseUrl; <see cref="Route"/> is the path's template
/// (what logs show: it never holds an interaction token); <see cref="TopLevel"/> is the top-level resource
/// (channel, guild or webhook) that Discord's per-route limits are counted against.
/// </summary>
public sealed record DiscordRequest(HttpMethod Method, string Path, string Route, string TopLevel, object? Body = null)
{
    /// <summary>Interaction endpoints are not bound by the global limit.</summary>
    public bool IsInteraction { get; init; }

    /// <summary>Files sent with the body: the request goes as multipart/form-data, the body as payload_json and each
    /// file as files[n], which the body's attachments refer to by n.</summary>
    public IReadOnlyList<DiscordFile> Files { get; init; } = [];

    public static DiscordRequest GetGatewayBot() => new(HttpMethod.Get, "gateway/bot", "GET /gateway/bot", "");

    public static DiscordRequest CreateMessage(string channelId, object body) =>
        new(HttpMethod.Post, $"channels/{channelId}/messages", "POST /channels/{channel_id}/messages", channelId, body);

    public static DiscordRequest OverwriteCommands(string applicationId, string? guildId, object body) => guildId is null
        ? new(HttpMethod.Put, $"applications/{applicationId}/commands", "PUT /applications/{application_id}/commands", applicationId, body)
        : new(HttpMethod.Put, $"applications/{applicationId}/guilds/{guildId}/commands",
            "PUT /applications/{application_id}/guilds/{guild_id}/commands", guildId, body);

    public static DiscordRequest InteractionCallback(string interactionId, string token, object body) =>
        new(HttpMethod.Post, $"interactions/{interactionId}/{token}/callback",
            "POST /interactions/{interaction_id}/{token}/callback", interactionId, body) { IsInteraction = true };

    public static DiscordRequest EditOriginal(string applicationId, string token, object body) =>
        new(HttpMethod.Patch, $"webhooks/{applicationId}/{token}/messages/@original",
            "PATCH /webhooks/{application_id}/{token}/messages/@original", applicationId + "/" + token, body) { IsInteraction = true };

    public static DiscordRequest Followup(string applicationId, string token, object body) =>
        new(HttpMethod.Post, $"webhooks/{applicationId}/{token}",
            "POST /webhooks/{application_id}/{token}", applicationId + "/" + token, body) { IsInteraction = true };
}

/// <summary>A file to upload with a request: its name (what attachment://name refers to), bytes and media type.</summary>
public sealed record DiscordFile(string Name, ReadOnlyMemory<byte> Bytes, string ContentType);

/// <summary>A REST answer: its status and JSON body (undefined when there was none).</summary>
public sealed record DiscordResponse(HttpStatusCode Status, JsonElement Body, TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>Discord's JSON error code (e.g. 10003 unknown channel), or 0.</summary>
    public int ErrorCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) ? value : 0;

    public string ErrorMessage => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("message", out var message)
        ? message.GetString() ?? "" : Status.ToString();

    public DiscordResponse EnsureSuccess(string route) => IsSuccess
        ? this
        : throw new DiscordApiException(route, Status, ErrorCode, ErrorMessage);
}

public sealed class DiscordApiException(string route, HttpStatusCode status, int code, string problem)
    : Exception($"Discord answered {(int)status} to {route}: {problem} (code {code})")
{
    public HttpStatusCode Status { get; } = status;

    public int Code { get; } = code;
}

/// <summary>The answer of GET /gateway/bot.</summary>
public sealed record GatewayBotInfo(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("session_start_limit")] SessionStartLimit SessionStartLimit);

public sealed record SessionStartLimit(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("remaining")] int Remaining,
    [property: JsonPropertyName("reset_after")] long ResetAfter,
    [property: JsonPropertyName("max_concurrency")] int MaxConcurrency);

internal static class DiscordJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
