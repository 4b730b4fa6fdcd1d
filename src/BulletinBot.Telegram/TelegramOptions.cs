using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BulletinBot.Telegram;

/// <summary>The "Telegram" configuration section. Only <see cref="BotToken"/> is needed for long polling.</summary>
public sealed class TelegramOptions : IValidatableObject
{
    public const string Section = "Telegram";

    /// <summary>The token BotFather gives: digits, a colon, then the secret part.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Telegram:BotToken is required: the token BotFather gave, e.g. 123456789:AA...")]
    [RegularExpression(@"^[0-9]{1,16}:[A-Za-z0-9_-]{10,}$",
        ErrorMessage = "Telegram:BotToken does not look like a bot token (digits, a colon, then at least 10 letters, digits, _ or -).")]
    public string BotToken { get; set; } = "";

    /// <summary>A self-hosted Bot API server (or a test fake) instead of the public one.</summary>
    [Url(ErrorMessage = "Telegram:ApiBaseUrl must be an absolute http or https URL, e.g. http://localhost:8081.")]
    public string? ApiBaseUrl { get; set; }

    /// <summary>The public HTTPS address Telegram posts updates to. Unset means long polling.</summary>
    [Url(ErrorMessage = "Telegram:WebhookUrl must be an absolute URL, e.g. https://bot.example.org/telegram.")]
    public string? WebhookUrl { get; set; }

    /// <summary>Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token on every webhook call.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{16,256}$",
        ErrorMessage = "Telegram:WebhookSecret must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -.")]
    public string? WebhookSecret { get; set; }

    /// <summary>The local HttpListener prefix the webhook is served on, behind the HTTPS proxy.</summary>
    public string WebhookListenPrefix { get; set; } = "http://+:8443/telegram/";

    /// <summary>How long one getUpdates call waits for an update (long polling).</summary>
    public int PollTimeoutSeconds { get; set; } = 25;

    /// <summary>The longest wait between retries after 5xx or network errors.</summary>
    public int MaxBackoffSeconds { get; set; } = 60;

    /// <summary>How many times one outgoing call is tried before it is given up.</summary>
    public int SendAttempts { get; set; } = 4;

    public bool UsesWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Telegram posts updates only to HTTPS; a plain http address would be refused by setWebhook, retried for ever.
        if (UsesWebhook && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var webhook) && webhook.Scheme == Uri.UriSchemeHttps))
        {
            yield return new ValidationResult(
                "Telegram:WebhookUrl must be an https:// address (Telegram sends updates only over HTTPS), e.g. https://bot.example.org/telegram.",
                [nameof(WebhookUrl)]);
        }

        if (UsesWebhook && string.IsNullOrEmpty(WebhookSecret))
        {
            yield return new ValidationResult(
                "Telegram:WebhookSecret is required when Telegram:WebhookUrl is set.", [nameof(WebhookSecret)]);
        }

        if (UsesWebhook && !IsListenPrefix(WebhookListenPrefix))
        {
            yield return new ValidationResult(
                "Telegram:WebhookListenPrefix must be an http:// prefix ending in /, e.g. http://+:8443/telegram/.",
                [nameof(WebhookListenPrefix)]);
        }

        // Ranges are checked here: the generated validator's RangeAttribute ignores ErrorMessage.
        foreach (var (name, value, min, max) in new[]
        {
            (nameof(PollTimeoutSeconds), PollTimeoutSeconds, 0, 50),
            (nameof(MaxBackoffSeconds), MaxBackoffSeconds, 1, 600),
            (nameof(SendAttempts), SendAttempts, 1, 10),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"Telegram:{name} must be between {min} and {max}.", [name]);
            }
        }

        if (ApiBaseUrl is not null && !IsHttpUrl(ApiBaseUrl))
        {
            yield return new ValidationResult(
                "Telegram:ApiBaseUrl must be an absolute http or https URL, e.g. http://localhost:8081.", [nameof(ApiBaseUrl)]);
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsListenPrefix(string value) =>
        value.StartsWith("http://", StringComparison.Ordinal) && value.EndsWith('/');
}

/// <summary>Checks <see cref="TelegramOptions"/> at start, without reflection.</summary>
[OptionsValidator]
public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>;
