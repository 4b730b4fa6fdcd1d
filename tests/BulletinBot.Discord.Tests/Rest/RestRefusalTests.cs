using BulletinBot.Discord.Rest;
using BulletinBot.Discord.Tests.Fakes;

namespace BulletinBot.Discord.Tests.Rest;

/// <summary>A 401 to the bot's own authorization means its token is refused; an interaction's 401 says nothing about it.</summary>
public sealed class RestRefusalTests
{
    [Fact]
    public async Task A_401_to_a_bot_request_reports_the_token_refused_naming_the_setting()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "channels/111/messages", new ScriptedAnswer(401, new { message = "401: Unauthorized", code = 0 }));

        var answer = await harness.Rest.SendAsync(
            DiscordRequest.CreateMessage("111", new { content = "hello", allowed_mentions = new { parse = Array.Empty<string>() } }), CancellationToken.None);

        Assert.Equal(401, (int)answer.Status);
        Assert.True(harness.Connection.Refusal.IsCompleted);
        Assert.Equal(
            "Discord:BotToken was refused by Discord (401 Unauthorized on POST /channels/{channel_id}/messages). Set a valid token (the bot token from the developer portal).",
            await harness.Connection.Refusal);
    }

    [Fact]
    public async Task A_401_to_an_interaction_callback_is_no_refusal_of_the_token()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path.StartsWith("interactions/", StringComparison.Ordinal), new ScriptedAnswer(401, new { message = "401: Unauthorized", code = 0 }));

        var answer = await harness.Rest.SendAsync(
            DiscordRequest.InteractionCallback("900", "expired-token", new { type = 1 }), CancellationToken.None);

        Assert.Equal(401, (int)answer.Status);
        Assert.False(harness.Connection.Refusal.IsCompleted);
    }
}
