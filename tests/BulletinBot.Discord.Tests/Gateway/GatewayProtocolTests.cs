using System.Net;
using System.Text;
using BulletinBot.Core.Conversation;
using BulletinBot.Discord.Gateway;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>
/// The gateway protocol scripted frame by frame in memory through <see cref="IGatewayTransport"/>, with no socket:
/// the test plays Discord (Hello, READY, drops, invalid sessions, close codes) and checks each frame the client sends.
/// The loopback tests beside these (<see cref="GatewayClientTests"/>) prove the same over a real WebSocket.
/// </summary>
public sealed class GatewayProtocolTests : IDisposable
{
    private const string Token = "MTAw.scripted-test-token.xyz";
    private const string GatewayAt = "wss://gateway.example/";
    private const string ResumeAt = "wss://resume.example/";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ScriptedGatewayTransport transport = new();
    private readonly DiscordRateLimits limits;
    private readonly HttpClient http = new(new GatewayBotAnswer());
    private readonly CancellationTokenSource stop = new();
    private readonly PlatformConnection connection = new("discord");
    private readonly ListLogger<GatewayClient> log = new();
    private readonly GatewayClient client;

    public GatewayProtocolTests()
    {
        var settings = Options.Create(new DiscordOptions { BotToken = Token, ApiBaseUrl = "https://discord.example/api/v10" });
        limits = new DiscordRateLimits(clock);
        var rest = new DiscordRestClient(http, limits, settings, clock, new ListLogger<DiscordRestClient>(), connection);
        client = new GatewayClient(transport, rest, settings, clock, log, connection) { Jitter = () => 0.25 };
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
        limits.Dispose();
        http.Dispose();
    }

    [Fact]
    public async Task Identify_after_hello_then_ready_goes_out_as_a_dispatch()
    {
        var run = Task.Run(() => client.RunAsync(stop.Token));
        var first = await transport.NextConnectionAsync();
        Assert.Equal(new Uri(GatewayAt + "?v=10&encoding=json"), first.Url);

        first.Hello();
        var identify = (await first.ExpectAsync(2)).GetProperty("d");
        Assert.Equal(Token, identify.GetProperty("token").GetString());
        Assert.Equal(0, identify.GetProperty("intents").GetInt32());

        first.Ready(1, "session-1", ResumeAt);
        var ready = await NextDispatchAsync("READY");
        Assert.Equal("session-1", ready.Data.GetProperty("session_id").GetString());
        Assert.True(connection.IsConnected);
        Assert.False(run.IsCompleted);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_connection_resumes_on_the_resume_url_with_the_session_and_the_last_sequence()
    {
        var first = await ReadyAsync();
        first.Dispatch("TEST_EVENT", 5, new { });
        await NextDispatchAsync("TEST_EVENT");

        first.Drop();
        var second = await transport.NextConnectionAsync();
        Assert.Equal(new Uri(ResumeAt + "?v=10&encoding=json"), second.Url);
        second.Hello();
        var resume = (await second.ExpectAsync(6)).GetProperty("d");
        Assert.Equal(Token, resume.GetProperty("token").GetString());
        Assert.Equal("session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(5, resume.GetProperty("seq").GetInt64());

        second.Dispatch("INTERACTION_CREATE", 6, new { id = "300000000000000001", token = "interaction-token", type = 2 });
        second.Dispatch("RESUMED", 7, new { });
        Assert.Equal(6, (await NextDispatchAsync("INTERACTION_CREATE")).Sequence);
        await NextDispatchAsync("RESUMED");
    }

    [Fact]
    public async Task An_invalid_session_that_cannot_be_resumed_identifies_again_on_a_fresh_connection()
    {
        var first = await ReadyAsync();

        first.Send(new { op = 9, d = false });
        await first.ExpectCloseAsync();
        // max_concurrency 1: the second identify waits for the next 5-second window.
        clock.Advance(TimeSpan.FromSeconds(5));

        var second = await transport.NextConnectionAsync();
        Assert.Equal(new Uri(GatewayAt + "?v=10&encoding=json"), second.Url);
        second.Hello();
        var identify = (await second.ExpectAsync(2)).GetProperty("d");
        Assert.Equal(Token, identify.GetProperty("token").GetString());
    }

    [Fact]
    public async Task A_missing_heartbeat_ack_closes_the_zombie_with_a_resumable_code_and_resumes()
    {
        var first = await ReadyAsync(heartbeatIntervalMs: 40000);

        // Jitter 0.25: the first beat 10 s after Hello, carrying the last sequence.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (await first.ExpectAsync(1)).GetProperty("d").GetInt64());
        // No ACK: at the next beat the connection is a zombie.
        clock.Advance(TimeSpan.FromSeconds(40));
        var code = await first.ExpectCloseAsync();
        Assert.NotNull(code);
        Assert.NotEqual(1000, code);
        Assert.NotEqual(1001, code);

        var second = await transport.NextConnectionAsync();
        Assert.Equal(new Uri(ResumeAt + "?v=10&encoding=json"), second.Url);
        second.Hello();
        Assert.Equal(1, (await second.ExpectAsync(6)).GetProperty("d").GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Close_4004_stops_the_client_for_good_as_a_refusal_naming_the_token_setting()
    {
        var run = Task.Run(() => client.RunAsync(stop.Token));
        var first = await transport.NextConnectionAsync();
        first.Hello();
        await first.ExpectAsync(2);

        first.Close(4004, "Authentication failed.");
        await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(transport.Reconnected, "the client connected again after 4004");
        Assert.True(connection.Refusal.IsCompleted, "4004 was not reported as a refusal");
        var refusal = await connection.Refusal;
        Assert.Contains("4004", refusal, StringComparison.Ordinal);
        Assert.Contains("Discord:BotToken", refusal, StringComparison.Ordinal);
        Assert.False(connection.IsConnected);
    }

    private async Task<ScriptedConnection> ReadyAsync(int heartbeatIntervalMs = 41250)
    {
        _ = Task.Run(() => client.RunAsync(stop.Token));
        var first = await transport.NextConnectionAsync();
        first.Hello(heartbeatIntervalMs);
        await first.ExpectAsync(2);
        first.Ready(1, "session-1", ResumeAt);
        await NextDispatchAsync("READY");
        return first;
    }

    private async Task<GatewayDispatch> NextDispatchAsync(string name)
    {
        for (var turn = 0; turn < 100; turn++)
        {
            var dispatch = await client.Dispatches.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            if (dispatch.Name == name)
            {
                return dispatch;
            }
        }

        throw new InvalidOperationException($"no {name} dispatch arrived");
    }

    /// <summary>Discord's REST API as far as the gateway client asks it: GET /gateway/bot, in memory.</summary>
    private sealed class GatewayBotAnswer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/gateway/bot", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent(
                        System.Text.Json.JsonSerializer.Serialize(new
                        {
                            url = GatewayAt,
                            shards = 1,
                            session_start_limit = new { total = 1000, remaining = 999, reset_after = 14400000, max_concurrency = 1 },
                        }),
                        Encoding.UTF8,
                        "application/json"),
                }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
