namespace BulletinBot.Discord.Tests;

public sealed class DiscordOptionsTests
{
    [Fact]
    public void Good_settings_pass()
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { BotToken = "t", GuildId = "123", ShardId = 1, ShardCount = 2 });
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
}
