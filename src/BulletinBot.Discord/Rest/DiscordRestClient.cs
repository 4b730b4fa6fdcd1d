using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using BulletinBot.Core.Conversation;
using BulletinBot.Discord.Gateway;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Discord.Rest;

/// <summary>
/// Discord's HTTP API under Discord:ApiBaseUrl, with the bot's authorization, the documented User-Agent, per-bucket
/// and global rate limits, 429 handling and back-off on 5xx. Logs name routes, never paths (which can hold an
/// interaction token) and never the bot token.
/// </summary>
public sealed class DiscordRestClient(
    HttpClient http,
    DiscordRateLimits limits,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordRestClient> logger,
    PlatformConnection? connection = null)
{
    public const string ProjectUrl = "https://github.com/bulletinbot/bulletinbot";
    private const int MaxAttempts = 6;
    private const int MaxServerErrorRetries = 3;

    private static readonly string UserAgent = $"DiscordBot ({ProjectUrl}, {Version})";

    private static string Version =>
        typeof(DiscordRestClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.1.0";

    public async Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        var request = DiscordRequest.GetGatewayBot();
        var response = (await SendAsync(request, cancellationToken)).EnsureSuccess(request.Route);
        return response.Body.Deserialize<GatewayBotInfo>(DiscordJson.Options)
            ?? throw new InvalidOperationException("GET /gateway/bot answered no body.");
    }

    /// <summary>Sends the request, waiting out rate limits and retrying 429 and 5xx answers a bounded number of times.</summary>
    public async Task<DiscordResponse> SendAsync(DiscordRequest request, CancellationToken cancellationToken)
    {
        var serverErrors = 0;
        DiscordResponse? last = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await limits.AcquireAsync(request, cancellationToken);
            using var message = Build(request);
            HttpResponseMessage answer;
            try
            {
                answer = await http.SendAsync(message, cancellationToken);
            }
            catch (HttpRequestException ex) when (serverErrors < MaxServerErrorRetries)
            {
                serverErrors++;
                logger.LogWarning("Discord {Route} failed ({Problem}); retry {Retry}", request.Route, ex.Message, serverErrors);
                await Task.Delay(Backoff(serverErrors), time, cancellationToken);
                continue;
            }

            using (answer)
            {
                limits.Observe(request, answer.Headers);
                last = new DiscordResponse(answer.StatusCode, await ReadBodyAsync(answer, cancellationToken));
                if (answer.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = RetryAfter(answer, last.Body);
                    var isGlobal = IsGlobal(answer, last.Body);
                    limits.RateLimited(request, isGlobal, retryAfter);
                    logger.LogWarning("Discord rate limit on {Route} ({Scope}); retrying after {RetryAfter}",
                        request.Route, isGlobal ? "global" : "bucket", retryAfter);
                    last = last with { RetryAfter = retryAfter };
                    continue;
                }

                if ((int)answer.StatusCode >= 500 && serverErrors < MaxServerErrorRetries)
                {
                    serverErrors++;
                    logger.LogWarning("Discord answered {Status} to {Route}; retry {Retry}", (int)answer.StatusCode, request.Route, serverErrors);
                    await Task.Delay(Backoff(serverErrors), time, cancellationToken);
                    continue;
                }

                if (answer.StatusCode == HttpStatusCode.Unauthorized && !request.IsInteraction)
                {
                    // The bot's own authorization was refused (a revoked token): nothing sent with it can work.
                    connection?.Refused(DiscordRefusal.Token($"401 Unauthorized on {request.Route}"));
                }

                if (!last.IsSuccess)
                {
                    logger.LogWarning("Discord answered {Status} to {Route}: {Problem} (code {Code})",
                        (int)answer.StatusCode, request.Route, last.ErrorMessage, last.ErrorCode);
                }

                return last;
            }
        }

        return last ?? new DiscordResponse(HttpStatusCode.ServiceUnavailable, default);
    }

    private HttpRequestMessage Build(DiscordRequest request)
    {
        // The base keeps its path (/api/v10): a relative path without a leading slash is appended to it.
        var uri = new Uri(options.Value.ApiBase, request.Path.TrimStart('/'));
        var message = new HttpRequestMessage(request.Method, uri);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bot", options.Value.BotToken);
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (request.Files.Count > 0)
        {
            message.Content = Multipart(request);
        }
        else if (request.Body is not null)
        {
            message.Content = JsonContent.Create(request.Body, request.Body.GetType(), options: DiscordJson.Options);
        }

        return message;
    }

    /// <summary>A body with files, as Discord takes uploads: the JSON as payload_json, then files[0], files[1]...</summary>
    private static MultipartFormDataContent Multipart(DiscordRequest request)
    {
        var content = new MultipartFormDataContent();
        if (request.Body is not null)
        {
            content.Add(JsonContent.Create(request.Body, request.Body.GetType(), options: DiscordJson.Options), "payload_json");
        }

        for (var i = 0; i < request.Files.Count; i++)
        {
            var file = new ReadOnlyMemoryContent(request.Files[i].Bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(request.Files[i].ContentType);
            content.Add(file, $"files[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]", request.Files[i].Name);
        }

        return content;
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        var bytes = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage answer, JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("retry_after", out var field) && field.TryGetDouble(out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DiscordRateLimits.Number(answer.Headers, "Retry-After") is { } header
            ? TimeSpan.FromSeconds(Math.Max(0, header))
            : TimeSpan.FromSeconds(1);
    }

    private static bool IsGlobal(HttpResponseMessage answer, JsonElement body) =>
        (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("global", out var field) && field.ValueKind == JsonValueKind.True)
        || (answer.Headers.TryGetValues("X-RateLimit-Global", out var values)
            && string.Equals(values.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase));

    private static TimeSpan Backoff(int retry) => TimeSpan.FromSeconds(Math.Pow(2, retry - 1));

    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
