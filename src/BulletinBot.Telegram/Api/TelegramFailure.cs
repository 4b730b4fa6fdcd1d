using System.Net;
using Telegram.Bot.Exceptions;

namespace BulletinBot.Telegram.Api;

/// <summary>What a failed Bot API call means for the caller.</summary>
public enum FailureKind
{
    /// <summary>429: wait <see cref="TelegramFailure.RetryAfter"/>, then try again.</summary>
    TooManyRequests,

    /// <summary>5xx, a timeout or the network: try again with back-off.</summary>
    Transient,

    /// <summary>The call itself is wrong or not allowed (4xx other than 429): trying again will not help.</summary>
    Permanent,
}

public sealed record TelegramFailure(FailureKind Kind, int? ErrorCode, TimeSpan? RetryAfter, string Description)
{
    public static TelegramFailure Of(Exception exception) => exception switch
    {
        ApiRequestException { ErrorCode: 429 } api => new(
            FailureKind.TooManyRequests, 429, TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 1)), api.Message),
        ApiRequestException { ErrorCode: >= 500 } api => new(FailureKind.Transient, api.ErrorCode, null, api.Message),
        ApiRequestException api => new(FailureKind.Permanent, api.ErrorCode, null, api.Message),
        RequestException { HttpStatusCode: { } status } request when (int)status is >= 400 and < 500 and not 429 =>
            new(FailureKind.Permanent, (int)status, null, request.Message),
        RequestException { HttpStatusCode: HttpStatusCode.TooManyRequests } request =>
            new(FailureKind.TooManyRequests, 429, TimeSpan.FromSeconds(1), request.Message),
        _ => new(FailureKind.Transient, null, null, exception.Message),
    };

    /// <summary>Exponential back-off: 1 s, 2 s, 4 s... up to <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan max)
    {
        var seconds = Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds));
    }

    public TimeSpan Wait(int attempt, TimeSpan maxBackoff) =>
        Kind == FailureKind.TooManyRequests ? RetryAfter ?? TimeSpan.FromSeconds(1) : Backoff(attempt, maxBackoff);
}
