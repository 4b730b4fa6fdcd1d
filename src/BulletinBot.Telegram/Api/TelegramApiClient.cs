using BulletinBot.Core.Secrets;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests.Abstractions;

namespace BulletinBot.Telegram.Api;

/// <summary>
/// The Telegram.Bot client with our own retry rules and a token-free error surface. Every call goes through
/// <see cref="SendRequest{TResponse}"/>: a 429 waits its retry_after, 5xx and network errors back off, on
/// <see cref="TimeProvider"/> so tests need no real waiting. The receivers' own calls are tried once:
/// their loops own the retries. An exception that would quote the token is rebuilt without it.
/// </summary>
public sealed class TelegramApiClient : TelegramBotClient
{
    /// <summary>Methods whose callers retry in their own loop (the receivers), so they are tried once here.</summary>
    private static readonly HashSet<string> LoopedByCaller = ["getUpdates", "deleteWebhook", "setWebhook"];

    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SecretRedactor redactor;
    private readonly int attempts;
    private readonly TimeSpan maxBackoff;

    /// <param name="redactor">The process's redactor, which knows every configured secret; this token's alone when not given.</param>
    public TelegramApiClient(TelegramOptions options, HttpClient httpClient, TimeProvider time, ILogger<TelegramApiClient> logger, SecretRedactor? redactor = null)
        : base(ClientOptions(options), httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        this.logger = logger;
        this.redactor = redactor ?? new SecretRedactor([TokenSecret(options.BotToken)]);
        attempts = options.SendAttempts;
        maxBackoff = TimeSpan.FromSeconds(options.MaxBackoffSeconds);
    }

    public SecretRedactor Redactor => redactor;

    /// <summary>The token as a secret: the digits before the colon are the bot's public id and stay readable; the rest signs in.</summary>
    public static Secret TokenSecret(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var secret = token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return new Secret(secret, secret);
    }

    private static TelegramBotClientOptions ClientOptions(TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // RetryThreshold 0 turns off the library's own 429 retry, which sleeps on the real clock.
        return new TelegramBotClientOptions(options.BotToken, string.IsNullOrWhiteSpace(options.ApiBaseUrl) ? null : options.ApiBaseUrl)
        {
            RetryThreshold = 0,
            RetryCount = 0,
        };
    }

    public override async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tries = LoopedByCaller.Contains(request.MethodName) ? 1 : attempts;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendRequest(request, cancellationToken);
            }
            catch (RequestException exception) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = TelegramFailure.Of(exception);
                if (failure.Kind == FailureKind.Permanent || attempt >= tries || failure.RetryAfter > maxBackoff * 2)
                {
                    throw Clean(exception);
                }

                var wait = failure.Wait(attempt, maxBackoff);
                logger.LogWarning("Telegram {Method} failed ({Code}: {Description}); attempt {Attempt} of {Attempts}, retrying in {Wait}",
                    request.MethodName, failure.ErrorCode, redactor.Redact(failure.Description), attempt, tries, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    /// <summary>The same exception, or a copy without the token when any message in it quotes the token.</summary>
    private RequestException Clean(RequestException exception)
    {
        var leaks = false;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            leaks |= redactor.Leaks(e.Message);
        }

        if (!leaks)
        {
            return exception;
        }

        var message = redactor.Redact(exception.Message);
        return exception is ApiRequestException api
            ? new ApiRequestException(message, api.ErrorCode, api.Parameters)
            : exception.HttpStatusCode is { } status ? new RequestException(message, status) : new RequestException(message);
    }
}
