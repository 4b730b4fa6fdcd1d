using System.Text.Json;
using BulletinBot.Discord.Gateway;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>The gateway protocol, scripted frame by frame against a real WebSocket server on loopback.</summary>
public sealed class GatewayClientTests
{
    [Fact]
    public async Task Hello_then_identify_with_no_intents_then_ready()
    {
        await using var harness = await ClientHarness.StartAsync(options => { options.ShardId = 1; options.ShardCount = 2; });
        var run = Task.Run(() => harness.Gateway.RunAsync(harness.Stop.Token));

        var socket = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", socket.Path);
        Assert.Equal("?v=10&encoding=json", socket.Query);
        await socket.HelloAsync();
        var identify = (await socket.ExpectAsync(2)).GetProperty("d");
        Assert.Equal(ClientHarness.Token, identify.GetProperty("token").GetString());
        Assert.Equal(0, identify.GetProperty("intents").GetInt32());
        Assert.Equal([1, 2], identify.GetProperty("shard").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("BulletinBot", identify.GetProperty("properties").GetProperty("browser").GetString());

        await socket.ReadyAsync(1, "session-1", harness.Fake.ResumeUrl);
        var ready = await harness.NextDispatchAsync("READY");
        Assert.Equal(1, ready.Sequence);
        Assert.Equal("session-1", ready.Data.GetProperty("session_id").GetString());

        var gatewayBot = Assert.Single(harness.Fake.Requests);
        Assert.Equal("gateway/bot", gatewayBot.Path);
        Assert.Equal("Bot " + ClientHarness.Token, gatewayBot.Authorization);
        Assert.Matches(@"^DiscordBot \(https?://[^,]+, [0-9.]+\)$", gatewayBot.UserAgent);
        harness.AssertTokenNeverLogged();
    }

    [Fact]
    public async Task The_configured_gateway_url_wins_over_the_one_discord_gives()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Options.GatewayUrl = harness.Fake.GatewayUrl;
        harness.Fake.AnnouncedGatewayUrl = "ws://127.0.0.1:9/nowhere";
        _ = Task.Run(() => harness.Gateway.RunAsync(harness.Stop.Token));

        var socket = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", socket.Path);
    }

    [Fact]
    public async Task Heartbeats_follow_the_jittered_first_beat_then_the_interval_and_op_1_is_answered_at_once()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync(heartbeatIntervalMs: 40000);
        // Jitter is 0.25: the first beat is due 10 s after Hello, then one every 40 s.
        var step = TimeSpan.FromMilliseconds(1);

        harness.Clock.Advance(TimeSpan.FromMilliseconds(10000) - step);
        await socket.DispatchAsync("TEST_EVENT", 2, new { });
        await socket.SendAsync(new { op = 1, d = (object?)null });
        // Had the timer fired early, its beat would carry sequence 1 and arrive first.
        Assert.Equal(2, (await socket.ExpectAsync(1)).GetProperty("d").GetInt64());
        await socket.SendAsync(new { op = 11 });

        harness.Clock.Advance(step);
        Assert.Equal(2, (await socket.ExpectAsync(1)).GetProperty("d").GetInt64());
        await socket.SendAsync(new { op = 11 });

        harness.Clock.Advance(TimeSpan.FromMilliseconds(40000) - step);
        await socket.DispatchAsync("TEST_EVENT", 3, new { });
        await socket.SendAsync(new { op = 1, d = (object?)null });
        Assert.Equal(3, (await socket.ExpectAsync(1)).GetProperty("d").GetInt64());
        await socket.SendAsync(new { op = 11 });

        harness.Clock.Advance(step);
        Assert.Equal(3, (await socket.ExpectAsync(1)).GetProperty("d").GetInt64());
    }

    [Fact]
    public async Task A_missing_ack_closes_the_zombie_with_a_resumable_code_and_resumes()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync(heartbeatIntervalMs: 40000);

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await socket.ExpectAsync(1);
        // No ACK: at the next beat the connection is a zombie.
        harness.Clock.Advance(TimeSpan.FromSeconds(40));
        var code = await socket.ExpectCloseAsync();
        Assert.NotNull(code);
        Assert.NotEqual(1000, code);
        Assert.NotEqual(1001, code);

        await ExpectResumeAsync(harness, sequence: 1);
    }

    [Fact]
    public async Task Op_7_reconnect_resumes_on_the_resume_url()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync();
        await socket.DispatchAsync("TEST_EVENT", 5, new { });

        await socket.SendAsync(new { op = 7, d = (object?)null });
        var code = await socket.ExpectCloseAsync();
        Assert.NotEqual(1000, code);

        await ExpectResumeAsync(harness, sequence: 5);
    }

    [Fact]
    public async Task Op_9_resumable_resumes()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync();

        await socket.SendAsync(new { op = 9, d = true });
        await socket.ExpectCloseAsync();

        await ExpectResumeAsync(harness, sequence: 1);
    }

    [Fact]
    public async Task Op_9_not_resumable_identifies_again_on_a_new_connection_within_the_identify_limit()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync();

        await socket.SendAsync(new { op = 9, d = false });
        await socket.ExpectCloseAsync();
        // max_concurrency 1: the second identify waits for the next 5-second window.
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        var next = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", next.Path);
        await next.HelloAsync();
        var identify = await next.ExpectAsync(2);
        Assert.Equal(0, identify.GetProperty("d").GetProperty("intents").GetInt32());
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task A_fatal_close_code_stops_the_client_for_good_and_is_a_refusal_naming_the_setting(int closeCode)
    {
        await using var harness = await ClientHarness.StartAsync();
        var (run, socket) = await harness.ConnectReadyAsync();

        await socket.CloseAsync(closeCode, "fatal");
        await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(harness.Fake.Connections.TryRead(out _), "the client connected again after a fatal close code");
        Assert.True(harness.Connection.Refusal.IsCompleted, "a fatal close was not reported as a refusal");
        var refusal = await harness.Connection.Refusal;
        Assert.Contains(closeCode.ToString(System.Globalization.CultureInfo.InvariantCulture), refusal, StringComparison.Ordinal);
        Assert.Contains("Discord:", refusal, StringComparison.Ordinal);
        Assert.False(harness.Connection.IsConnected);
        harness.AssertTokenNeverLogged();
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4003)]
    [InlineData(4005)]
    [InlineData(4007)]
    [InlineData(4008)]
    [InlineData(4009)]
    public async Task A_resumable_close_code_resumes(int closeCode)
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync();

        await socket.CloseAsync(closeCode, "try again");

        await ExpectResumeAsync(harness, sequence: 1);
    }

    [Fact]
    public async Task A_dropped_socket_resumes_and_the_missed_interaction_is_replayed_in_order()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync();

        socket.Drop();
        var resumed = await ExpectResumeAsync(harness, sequence: 1);
        await resumed.DispatchAsync("INTERACTION_CREATE", 2, new { id = "300000000000000001", token = "interaction-token", type = 2 });
        await resumed.DispatchAsync("RESUMED", 3, new { });

        var missed = await harness.NextDispatchAsync("INTERACTION_CREATE");
        Assert.Equal(2, missed.Sequence);
        Assert.Equal("300000000000000001", missed.Data.GetProperty("id").GetString());
        await harness.NextDispatchAsync("RESUMED");
    }

    [Fact]
    public async Task At_most_120_frames_go_out_per_60_seconds()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, socket) = await harness.ConnectReadyAsync(heartbeatIntervalMs: 10_000_000);
        // Identify was frame 1; 130 heartbeat requests may be answered with 119 beats in this window.
        for (var i = 0; i < 130; i++)
        {
            await socket.SendAsync(new { op = 1, d = (object?)null });
        }

        for (var i = 0; i < 119; i++)
        {
            await socket.ExpectAsync(1);
        }

        var early = socket.ExpectAsync(1);
        var first = await Task.WhenAny(early, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.NotSame(early, first);

        harness.Clock.Advance(TimeSpan.FromSeconds(60));
        await early;
        for (var i = 0; i < 10; i++)
        {
            await socket.ExpectAsync(1);
        }
    }

    [Fact]
    public async Task A_refused_token_stops_the_client_before_any_connection_as_a_refusal_naming_the_setting()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "gateway/bot", new Fakes.ScriptedAnswer(401, new { message = "401: Unauthorized", code = 0 }));

        await harness.Gateway.RunAsync(harness.Stop.Token).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(harness.Fake.Connections.TryRead(out _));
        Assert.True(harness.Connection.Refusal.IsCompleted, "a refused token was not reported as a refusal");
        Assert.StartsWith("Discord:BotToken was refused by Discord (401", await harness.Connection.Refusal, StringComparison.Ordinal);
        harness.AssertTokenNeverLogged();
    }

    [Fact]
    public async Task An_unreachable_rest_api_at_start_is_retried_with_back_off()
    {
        await using var harness = await ClientHarness.StartAsync();
        harness.Fake.Script(r => r.Path == "gateway/bot", new Fakes.ScriptedAnswer(500, new { message = "Internal Server Error", code = 0 }));
        _ = Task.Run(() => harness.Gateway.RunAsync(harness.Stop.Token));

        await harness.Fake.WaitForRequestsAsync(r => r.Path == "gateway/bot", 2, whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        var socket = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", socket.Path);
    }

    [Fact]
    public void A_payload_over_4096_bytes_is_never_sent()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayCommands.Identify(new string('x', 5000), 0, 1));
        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Fakes.FakeGatewaySocket> ExpectResumeAsync(ClientHarness harness, long sequence)
    {
        var next = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/resume", next.Path);
        Assert.Equal("?v=10&encoding=json", next.Query);
        await next.HelloAsync();
        var resume = (await next.ExpectAsync(6)).GetProperty("d");
        Assert.Equal(ClientHarness.Token, resume.GetProperty("token").GetString());
        Assert.Equal("session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(sequence, resume.GetProperty("seq").GetInt64());
        return next;
    }
}
