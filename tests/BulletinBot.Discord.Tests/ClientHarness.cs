using BulletinBot.Discord.Gateway;
using BulletinBot.Discord.Rest;
using BulletinBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Discord.Tests;

/// <summary>Our REST and gateway clients pointed at a <see cref="FakeDiscord"/>, on a fake clock.</summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    public const string Token = "MTAw.secret-test-token.xyz";

    private readonly HttpClient http = new();

    private ClientHarness(FakeDiscord fake, FakeTimeProvider clock, DiscordOptions settings)
    {
        Fake = fake;
        Clock = clock;
        Options = settings;
        Limits = new DiscordRateLimits(clock);
        Rest = new DiscordRestClient(http, Limits, Microsoft.Extensions.Options.Options.Create(settings), clock, RestLog, Connection);
        Gateway = new GatewayClient(new WebSocketGatewayTransport(clock), Rest, Microsoft.Extensions.Options.Options.Create(settings), clock, GatewayLog, Connection)
        {
            Jitter = () => 0.25,
        };
    }

    public FakeDiscord Fake { get; }

    /// <summary>What the health check and the host's refusal watch read.</summary>
    public BulletinBot.Core.Conversation.PlatformConnection Connection { get; } = new("discord");

    public FakeTimeProvider Clock { get; }

    public static DateTimeOffset Start { get; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DiscordOptions Options { get; }

    public DiscordRateLimits Limits { get; }

    public DiscordRestClient Rest { get; }

    public GatewayClient Gateway { get; }

    public ListLogger<DiscordRestClient> RestLog { get; } = new();

    public ListLogger<GatewayClient> GatewayLog { get; } = new();

    public CancellationTokenSource Stop { get; } = new();

    public static async Task<ClientHarness> StartAsync(Action<DiscordOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var fake = await FakeDiscord.StartAsync(clock);
        var settings = new DiscordOptions { BotToken = Token, ApiBaseUrl = fake.ApiBase.ToString() };
        configure?.Invoke(settings);
        return new ClientHarness(fake, clock, settings);
    }

    /// <summary>Starts the gateway client and answers its first connection's handshake up to READY.</summary>
    public async Task<(Task Run, FakeGatewaySocket Socket)> ConnectReadyAsync(int heartbeatIntervalMs = 40000)
    {
        var run = Task.Run(() => Gateway.RunAsync(Stop.Token));
        var socket = await Fake.NextConnectionAsync();
        await socket.HelloAsync(heartbeatIntervalMs);
        await socket.ExpectAsync(2);
        await socket.ReadyAsync(1, "session-1", Fake.ResumeUrl);
        await NextDispatchAsync("READY");
        return (run, socket);
    }

    /// <summary>Reads dispatches until one named <paramref name="name"/> arrives.</summary>
    public async Task<GatewayDispatch> NextDispatchAsync(string name)
    {
        for (var turn = 0; turn < 100; turn++)
        {
            var dispatch = await Gateway.Dispatches.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            if (dispatch.Name == name)
            {
                return dispatch;
            }
        }

        throw new InvalidOperationException($"no {name} dispatch arrived");
    }

    public void AssertTokenNeverLogged()
    {
        Assert.DoesNotContain(RestLog.Entries, entry => entry.Message.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(GatewayLog.Entries, entry => entry.Message.Contains(Token, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        await Fake.DisposeAsync();
        Limits.Dispose();
        http.Dispose();
        Stop.Dispose();
    }
}
