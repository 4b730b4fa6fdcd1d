using BulletinBot.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Tests;

/// <summary>Every configured secret is known to the one redactor, and the host's loggers and error lines pass through it.</summary>
public sealed class RedactionTests
{
    private const string TelegramSecret = "AAHk3f9xQ2-zPLmN0qRsTuVw";
    private const string DiscordSecret = "GhA1bc.secret-part_of-the-token";
    private const string WebhookSecret = "webhook-secret-0123456789";
    private const string DatabasePassword = "db-pa55word!";
    private const string PostgresPassword = "pg-secret-pass";

    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Telegram:BotToken"] = $"7012345678:{TelegramSecret}",
        ["Discord:BotToken"] = $"MTAx.{DiscordSecret}",
        ["Telegram:WebhookSecret"] = WebhookSecret,
        ["ConnectionStrings:Store"] = $"Host=db;Username=bot;Password={DatabasePassword};Database=bulletins",
        ["ConnectionStrings:Other"] = $"postgres://bot:{PostgresPassword}@db:5432/bulletins",
        ["Ingestion:Sources:0:Url"] = "https://reader:hunter2-secret@news.example.org/feed?apikey=k3y-v4lue",
    }).Build();

    private static readonly string[] Secrets = [TelegramSecret, DiscordSecret, WebhookSecret, DatabasePassword, PostgresPassword, "hunter2-secret", "k3y-v4lue"];

    private static string Leaky => $"bot7012345678:{TelegramSecret} / Bot MTAx.{DiscordSecret} / {WebhookSecret} / {Uri.EscapeDataString(DatabasePassword)} / "
        + $"{PostgresPassword} / GET https://reader:hunter2-secret@news.example.org/feed?apikey=k3y-v4lue";

    [Fact]
    public void Every_configured_secret_is_masked_and_a_source_address_is_shown_without_credentials()
    {
        var text = ConfiguredSecrets.Redactor(Configuration).Redact(Leaky);

        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        Assert.Contains("bot7012345678:***", text, StringComparison.Ordinal);
        Assert.Contains("https://***@news.example.org/feed?apikey=***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_one_shot_line_logger_masks_the_message_and_the_exception_text()
    {
        var output = new StringWriter();
        using (var factory = LoggerFactory.Create(logging => logging
            .AddProvider(new LineLoggerProvider(output, new FakeTimeProvider(), ConfiguredSecrets.Redactor(Configuration)))))
        {
            factory.CreateLogger("Test").LogError(new InvalidOperationException(Leaky, new HttpRequestException(Leaky)), "Failed {Text}", Leaky);
        }

        Assert.Contains("Failed bot7012345678:***", output.ToString(), StringComparison.Ordinal);
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, output.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void The_service_logger_wrapper_gives_the_inner_provider_only_masked_text()
    {
        var output = new StringWriter();
        using (var factory = LoggerFactory.Create(logging => logging.AddProvider(
            new RedactingLoggerProvider(new LineLoggerProvider(output, new FakeTimeProvider()), ConfiguredSecrets.Redactor(Configuration)))))
        {
            factory.CreateLogger("Test").LogWarning(new InvalidOperationException(Leaky), "Failed {Text}", Leaky);
        }

        Assert.Contains("Failed bot7012345678:***", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException", output.ToString(), StringComparison.Ordinal);
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, output.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_line_printed_by_the_command_line_is_masked()
    {
        var output = new StringWriter();
        var writer = new RedactingLineWriter(output, () => ConfiguredSecrets.Redactor(Configuration));

        await writer.WriteLineAsync($"Configuration error: {Leaky}");

        Assert.StartsWith("Configuration error: bot7012345678:***", output.ToString(), StringComparison.Ordinal);
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, output.ToString(), StringComparison.Ordinal));
    }
}
