using System.Net;
using BulletinBot.Discord.Rest;
using BulletinBot.Discord.Tests.Fakes;

namespace BulletinBot.Discord.Tests.Rest;

public sealed class DiscordRestClientTests
{
    private static readonly Dictionary<string, string> BucketHeaders = new()
    {
        ["X-RateLimit-Bucket"] = "bucket-messages",
        ["X-RateLimit-Limit"] = "5",
        ["X-RateLimit-Remaining"] = "0",
        ["X-RateLimit-Reset-After"] = "2.5",
        ["X-RateLimit-Scope"] = "user",
        ["Retry-After"] = "3",
    };

    private static MessageBody Message(string text) => new MessageBody(text, new AllowedMentions([]));

    [Fact]
    public async Task A_429_with_bucket_headers_waits_its_retry_after_then_succeeds()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "channels/111/messages",
            new ScriptedAnswer(429, new { message = "You are being rate limited.", retry_after = 2.5, global = false }, BucketHeaders));

        var send = harness.Rest.SendAsync(DiscordRequest.CreateMessage("111", Message("hello")), CancellationToken.None);
        var attempts = await harness.Fake.WaitForRequestsAsync(r => r.Path == "channels/111/messages", 2,
            whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(500)));

        var response = await send.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(response.IsSuccess);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(2.5), $"retried after {attempts[1].At - attempts[0].At}");
        Assert.Empty(harness.Fake.Violations);
        Assert.Contains(harness.RestLog.Entries, e => e.Message.Contains("POST /channels/{channel_id}/messages", StringComparison.Ordinal));
        harness.AssertTokenNeverLogged();
    }

    [Fact]
    public async Task An_empty_bucket_waits_for_its_reset_but_another_channel_does_not()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "channels/111/messages", new ScriptedAnswer(200, new { id = "1" }, BucketHeaders));
        await harness.Rest.SendAsync(DiscordRequest.CreateMessage("111", Message("first")), CancellationToken.None);

        // Another top-level resource has its own limit, even in the same bucket.
        var other = await harness.Rest.SendAsync(DiscordRequest.CreateMessage("222", Message("elsewhere")), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(other.IsSuccess);

        var second = harness.Rest.SendAsync(DiscordRequest.CreateMessage("111", Message("second")), CancellationToken.None);
        var sent = await harness.Fake.WaitForRequestsAsync(r => r.Path == "channels/111/messages", 2,
            whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        await second.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(sent[1].At - sent[0].At >= TimeSpan.FromSeconds(2.5), $"sent again after {sent[1].At - sent[0].At}");
    }

    [Fact]
    public async Task A_global_429_pauses_every_route()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "channels/111/messages", new ScriptedAnswer(429,
            new { message = "You are being rate limited.", retry_after = 4.0, global = true },
            new Dictionary<string, string> { ["X-RateLimit-Global"] = "true", ["X-RateLimit-Scope"] = "global" }));
        await harness.Fake.WaitForRequestsAsync(_ => true, 0);

        var first = harness.Rest.SendAsync(DiscordRequest.CreateMessage("111", Message("one")), CancellationToken.None);
        var limited = (await harness.Fake.WaitForRequestsAsync(r => r.Path == "channels/111/messages"))[0];
        // The other route starts once the client has read the 429 (it logs it), not while the answer is on its way.
        for (var turn = 0; turn < 300 && !harness.RestLog.Entries.Any(e => e.Message.Contains("(global)", StringComparison.Ordinal)); turn++)
        {
            await Task.Delay(50);
        }

        var other = harness.Rest.SendAsync(DiscordRequest.CreateMessage("333", Message("two")), CancellationToken.None);
        var later = await harness.Fake.WaitForRequestsAsync(r => r.Path == "channels/333/messages", 1,
            whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        await harness.Fake.WaitForRequestsAsync(r => r.Path == "channels/111/messages", 2,
            whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        await Task.WhenAll(first, other).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(later[0].At - limited.At >= TimeSpan.FromSeconds(4), $"another route went after {later[0].At - limited.At}");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_back_off()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "channels/111/messages", new ScriptedAnswer(502, new { message = "Bad Gateway" }));
        harness.Fake.Script(r => r.Path == "channels/111/messages", new ScriptedAnswer(503, new { message = "Unavailable" }));

        var send = harness.Rest.SendAsync(DiscordRequest.CreateMessage("111", Message("hello")), CancellationToken.None);
        var attempts = await harness.Fake.WaitForRequestsAsync(r => r.Path == "channels/111/messages", 3,
            whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(250)));

        Assert.True((await send.WaitAsync(TimeSpan.FromSeconds(15))).IsSuccess);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1));
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_client_error_is_returned_with_discords_code_and_not_retried()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "channels/404/messages", new ScriptedAnswer(404, new { message = "Unknown Channel", code = 10003 }));

        var response = await harness.Rest.SendAsync(DiscordRequest.CreateMessage("404", Message("hello")), CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(10003, response.ErrorCode);
        Assert.Single(harness.Fake.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Every_path_stays_under_the_configured_base(string suffix)
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Options.ApiBaseUrl = harness.Fake.ApiBase + suffix;

        var info = await harness.Rest.GetGatewayBotAsync(CancellationToken.None);

        Assert.Equal(harness.Fake.GatewayUrl, info.Url);
        Assert.Equal("gateway/bot", Assert.Single(harness.Fake.Requests).Path);
    }

    [Fact]
    public async Task The_global_limit_lets_50_requests_through_per_second()
    {
        await using var harness = await ClientHarness.StartAsync();
        var request = DiscordRequest.CreateMessage("1", Message("x"));
        for (var i = 0; i < DiscordRateLimits.GlobalRequestsPerSecond; i++)
        {
            Assert.True(harness.Limits.AcquireAsync(request with { TopLevel = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None).AsTask().IsCompleted);
        }

        var over = harness.Limits.AcquireAsync(request with { TopLevel = "last" }, CancellationToken.None).AsTask();
        Assert.False(over.IsCompleted);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await over.WaitAsync(TimeSpan.FromSeconds(15));

        // Interaction answers are not bound by the global limit.
        var interaction = DiscordRequest.InteractionCallback("9", "token", new { type = 6 });
        for (var i = 0; i < 60; i++)
        {
            Assert.True(harness.Limits.AcquireAsync(interaction with { TopLevel = "i" + i }, CancellationToken.None).AsTask().IsCompleted);
        }
    }

    private sealed record AllowedMentions(string[] Parse);

    private sealed record MessageBody(string Content, AllowedMentions AllowedMentions);
}
