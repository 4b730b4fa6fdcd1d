namespace BulletinBot.Telegram.Api;

/// <summary>
/// Removes the secret part of the bot token from text. Telegram.Bot puts the token into every request URL,
/// so anything that may quote a URL passes through here before it is logged or thrown.
/// </summary>
public sealed class TokenRedactor(string token)
{
    public const string Mask = "***";

    private readonly string secret = token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..];

    public string Redact(string? text) =>
        string.IsNullOrEmpty(text) || secret.Length == 0 ? text ?? "" : text.Replace(secret, Mask, StringComparison.Ordinal);

    public bool Leaks(string? text) => !string.IsNullOrEmpty(text) && secret.Length > 0 && text.Contains(secret, StringComparison.Ordinal);

    /// <summary>The exception with its causes and stack, the token masked: what a log line may carry.</summary>
    public string Describe(Exception exception) => Redact(exception.ToString());
}
