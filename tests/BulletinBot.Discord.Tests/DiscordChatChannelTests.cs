using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Commands;
using BulletinBot.Discord.Tests.Fakes;
using BulletinBot.Discord.Tests.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Discord.Tests;

public sealed class DiscordChatChannelTests
{
    private static readonly BulletinItem Item = new("k3j9x2a", "Talks resume @everyone", new DateOnly(2018, 1, 1), null, "Embassy",
        ["Talks on migration resume. <@&123> **not bold**"]);

    private static Delivery To(string channel, string? thread = null, params BulletinItem[] items) =>
        new(new DeliveryTarget("discord", channel, thread), "outbox-42", items.Length == 0 ? [Item] : items);

    [Fact]
    public async Task An_announcement_is_posted_once_with_a_nonce_it_enforces_and_no_mentions()
    {
        await using var harness = await ClientHarness.StartAsync();
        var channel = new DiscordChatChannel(harness.Rest, NullLogger<DiscordChatChannel>.Instance);

        var result = await channel.SendAsync(To("700000000000000001"), CancellationToken.None);
        var again = await channel.SendAsync(To("700000000000000001"), CancellationToken.None);

        Assert.IsType<Delivered>(result);
        var posts = harness.Fake.Requests;
        Assert.Equal(2, posts.Count);
        Assert.Equal("channels/700000000000000001/messages", posts[0].Path);
        Assert.True(posts[0].Body.GetProperty("enforce_nonce").GetBoolean());
        var nonce = posts[0].Body.GetProperty("nonce").GetString()!;
        Assert.InRange(nonce.Length, 1, 25);
        Assert.Equal(nonce, posts[1].Body.GetProperty("nonce").GetString());
        Assert.Equal(0, posts[0].Body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Contains(@"\<@&123\>", posts[0].Body.GetProperty("embeds")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Fake.Violations);
    }

    [Fact]
    public async Task A_thread_is_posted_to_as_its_own_channel_and_a_digest_fits_the_limits()
    {
        await using var harness = await ClientHarness.StartAsync();
        var channel = new DiscordChatChannel(harness.Rest, NullLogger<DiscordChatChannel>.Instance);
        var many = Enumerable.Range(0, 30).Select(i => Item with { ShortId = $"id{i:D5}", Title = DiscordRendererTests.LongText(60) }).ToArray();

        Assert.IsType<Delivered>(await channel.SendAsync(To("700000000000000001", "800000000000000001", many), CancellationToken.None));

        Assert.All(harness.Fake.Requests, r => Assert.Equal("channels/800000000000000001/messages", r.Path));
        Assert.Empty(harness.Fake.Violations);
    }

    [Theory]
    [InlineData(403, 50001, "Missing Access")]
    [InlineData(404, 10003, "Unknown Channel")]
    public async Task A_channel_that_is_gone_or_forbidden_is_refused_for_good(int status, int code, string message)
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(_ => true, new ScriptedAnswer(status, new { message, code }));
        var channel = new DiscordChatChannel(harness.Rest, NullLogger<DiscordChatChannel>.Instance);

        var result = await channel.SendAsync(To("700000000000000001"), CancellationToken.None);

        Assert.Contains(message, Assert.IsType<Refused>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_that_persist_ask_for_a_retry_later()
    {
        await using var harness = await ClientHarness.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            harness.Fake.Script(_ => true, new ScriptedAnswer(503, new { message = "Unavailable" }));
        }

        var channel = new DiscordChatChannel(harness.Rest, NullLogger<DiscordChatChannel>.Instance);
        var sending = channel.SendAsync(To("700000000000000001"), CancellationToken.None);
        await harness.Fake.WaitForRequestsAsync(_ => true, 4, whileWaiting: () => harness.Clock.Advance(TimeSpan.FromSeconds(1)));

        Assert.IsType<RetryLater>(await sending.WaitAsync(TimeSpan.FromSeconds(15)));
    }
}
