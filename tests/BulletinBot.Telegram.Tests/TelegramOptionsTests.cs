namespace BulletinBot.Telegram.Tests;

public sealed class TelegramOptionsTests
{
    private static List<string> Problems(TelegramOptions options) =>
        new TelegramOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void A_good_token_alone_is_enough()
    {
        Assert.Empty(Problems(new TelegramOptions { BotToken = "123456:ABCDEFGHIJKLMN_abc-123" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("123456:short")]
    public void A_bad_token_is_one_line_naming_the_setting_without_echoing_it(string token)
    {
        var problem = Assert.Single(Problems(new TelegramOptions { BotToken = token }));

        Assert.Contains("Telegram:BotToken", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
        if (token.Length > 0)
        {
            Assert.DoesNotContain(token, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_bad_setting_gets_its_own_line()
    {
        var problems = Problems(new TelegramOptions
        {
            BotToken = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            ApiBaseUrl = "ftp://example.org",
            WebhookUrl = "https://bot.example.org/telegram",
            WebhookListenPrefix = "telegram",
            PollTimeoutSeconds = 99,
            MaxBackoffSeconds = 0,
        });

        Assert.Contains(problems, p => p.Contains("Telegram:ApiBaseUrl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Telegram:WebhookSecret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Telegram:WebhookListenPrefix", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Telegram:PollTimeoutSeconds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Telegram:MaxBackoffSeconds", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count);
    }

    [Theory]
    [InlineData("http://bot.example.org/telegram")]
    [InlineData("ftp://bot.example.org/telegram")]
    [InlineData("bot.example.org/telegram")]
    public void A_webhook_address_that_is_not_https_is_one_line_naming_the_setting(string address)
    {
        var problems = Problems(new TelegramOptions
        {
            BotToken = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            WebhookUrl = address,
            WebhookSecret = "a-webhook-secret-of-32-characters",
        });

        Assert.Contains(problems, p => p.Contains("Telegram:WebhookUrl must be an https:// address", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.Contains("Telegram:WebhookUrl", p, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void An_https_webhook_address_passes()
    {
        Assert.Empty(Problems(new TelegramOptions
        {
            BotToken = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            WebhookUrl = "https://bot.example.org/telegram",
            WebhookSecret = "a-webhook-secret-of-32-characters",
        }));
    }
}
