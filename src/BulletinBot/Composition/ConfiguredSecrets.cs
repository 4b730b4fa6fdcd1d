using System.Data.Common;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Secrets;

namespace BulletinBot.Composition;

/// <summary>
/// Every secret the configuration holds, for the one <see cref="SecretRedactor"/> that every log line and printed
/// error passes: both bot tokens, the webhook secret, each connection string's password, and the credentials in
/// the web sources' addresses.
/// </summary>
internal static class ConfiguredSecrets
{
    public static SecretRedactor Redactor(IConfiguration configuration) => new(From(configuration));

    public static IEnumerable<Secret> From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Telegram:BotToken"] is { Length: > 0 } telegram)
        {
            // The digits before the colon are the bot's public id and stay readable; the rest is what signs in.
            yield return new Secret(After(telegram, ':'), After(telegram, ':'));
        }

        if (configuration["Discord:BotToken"] is { Length: > 0 } discord)
        {
            // The first part is the bot's id in base64 and stays readable; the parts after the first dot sign in.
            yield return new Secret(After(discord, '.'), After(discord, '.'));
        }

        if (configuration["Telegram:WebhookSecret"] is { Length: > 0 } webhook)
        {
            yield return new Secret(webhook);
        }

        foreach (var connection in configuration.GetSection("ConnectionStrings").GetChildren())
        {
            if (Password(connection.Value) is { Length: > 0 } password)
            {
                yield return new Secret(password);
            }
        }

        foreach (var source in configuration.GetSection($"{IngestionOptions.Section}:Sources").GetChildren())
        {
            if (source["Url"] is { Length: > 0 } address)
            {
                foreach (var secret in Secret.Address(address))
                {
                    yield return secret;
                }
            }
        }
    }

    private static string After(string token, char separator) =>
        token.IndexOf(separator, StringComparison.Ordinal) is var at and >= 0 ? token[(at + 1)..] : token;

    /// <summary>The password of a key=value connection string, or of one written as an address (postgres://user:pass@host).</summary>
    private static string? Password(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        if (connectionString.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':') is [_, { Length: > 0 } secret]
                ? Uri.UnescapeDataString(secret)
                : null;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return builder.TryGetValue("Password", out var password) || builder.TryGetValue("Pwd", out password) ? password?.ToString() : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
