namespace BulletinBot.Discord.Tests;

public sealed class DiscordOptionsTests
{
    [Fact]
    public void Good_settings_pass()
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { BotToken = "MTAw.GhA1bc.secret_part-xyz", GuildId = "123", ShardId = 1, ShardCount = 2 });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Each_bad_setting_gives_one_line_naming_it()
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions
        {
            BotToken = "",
            ApiBaseUrl = "ftp://example.com/api",
            GatewayUrl = "http://example.com",
            GuildId = "my-guild",
            ShardId = 2,
            ShardCount = 2,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var setting in new[] { "Discord:BotToken", "Discord:ApiBaseUrl", "Discord:GatewayUrl", "Discord:GuildId", "Discord:ShardId" })
        {
            Assert.Single(failures, failure => failure.Contains(setting + " ", StringComparison.Ordinal));
        }

        Assert.All(failures, failure => Assert.DoesNotContain('\n', failure));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("MTAw.only-two")]
    [InlineData("Bot MTAw.GhA1bc.secret")]
    [InlineData("MTAw..secret")]
    [InlineData("MTAw.GhA1bc.secret.four")]
    [InlineData("MTAw.GhA1bc.sec+ret")]
    public void A_token_not_of_three_base64url_parts_is_one_line_naming_the_setting_without_echoing_it(string token)
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { BotToken = token });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Discord:BotToken does not look like a bot token", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(token, failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure);
    }
}
