using BulletinBot.Core.Replicas;
using BulletinBot.Discord.Gateway;
using BulletinBot.Discord.Rest;
using BulletinBot.Discord.Tests.Fakes;
using BulletinBot.TestPages;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>
/// Two bots sharing leases run the four shards of one token against a gateway that enforces Discord's identify
/// buckets (max_concurrency 2) and one session per shard.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ShardGatewaysTests : IAsyncLifetime, IDisposable
{
    private const int ShardCount = 4;
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(300);
    private readonly ReplicaLeases leases = new();
    private readonly List<Bot> bots = [];
    private FakeDiscord fake = null!;
    private FakeShardGateway gateway = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeDiscord.StartAsync();
        fake.MaxConcurrency = 2;
        gateway = new FakeShardGateway(fake, ShardCount);
    }

    public async Task DisposeAsync()
    {
        foreach (var bot in bots)
        {
            await bot.DisposeAsync();
        }

        await fake.DisposeAsync();
    }

    public void Dispose() => gateway.Dispose();

    private Bot Start(string replica)
    {
        var bot = new Bot(replica, fake, leases);
        bots.Add(bot);
        return bot;
    }

    private IReadOnlyList<string> ShardsOf(string replica) =>
        [.. leases.HeldBy(replica).Where(name => name.StartsWith("discord:shard:", StringComparison.Ordinal))];

    [Fact]
    public async Task Four_shards_over_two_bots_are_each_identified_once_two_by_each_and_a_guild_s_events_reach_its_shard()
    {
        var a = Start("a");
        var b = Start("b");

        await WaitUntilAsync(() => gateway.Live.Count == ShardCount, "every shard has a session", timeoutSeconds: 60);

        Assert.Equal([0, 1, 2, 3], gateway.Identified.Order());
        Assert.Equal(2, ShardsOf("a").Count);
        Assert.Equal(2, ShardsOf("b").Count);
        Assert.Empty(gateway.Violations);
        foreach (var shard in Enumerable.Range(0, ShardCount))
        {
            var guild = ((long)shard << 22) | 7;
            Assert.Equal(shard, await gateway.DispatchToGuildAsync(guild, "GUILD_UPDATE", new { id = guild.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            var holder = leases.Holder(WorkLeaseNames.DiscordShard(shard)) == "a" ? a : b;
            await WaitUntilAsync(() => holder.SawGuild(guild), $"the bot running shard {shard} gets its guild's event");
        }
    }

    [Fact]
    public async Task The_shards_of_a_bot_that_dies_are_identified_again_by_the_other_within_the_stagger_and_the_identify_spacing()
    {
        var a = Start("a");
        Start("b");
        await WaitUntilAsync(() => gateway.Live.Count == ShardCount, "every shard has a session", timeoutSeconds: 60);
        var orphaned = ShardsOf("a").Count;

        var died = DateTime.UtcNow;
        leases.Kill("a");
        await a.DisposeAsync();

        await WaitUntilAsync(() => ShardsOf("b").Count == ShardCount && gateway.Live.Count == ShardCount, "bot b runs every shard", timeoutSeconds: 60);
        var took = DateTime.UtcNow - died;

        Assert.Equal(ShardCount + orphaned, gateway.Identified.Count);
        Assert.Empty(gateway.Violations);
        // Bot b waits its stagger for each shard it runs (2, then 3), and one identify spacing before each shard it takes over.
        var bound = (Stagger * 5) + (IdentifyGate.Spacing * 2) + TimeSpan.FromSeconds(5);
        Assert.True(took < bound, $"took {took}, more than {bound}");
    }

    [Fact]
    public async Task A_bot_started_after_another_runs_every_shard_is_given_one_and_no_shard_ever_has_two_sessions()
    {
        var a = Start("a");
        await WaitUntilAsync(() => ShardsOf("a").Count == ShardCount && gateway.Live.Count == ShardCount, "bot a runs every shard", timeoutSeconds: 60);

        Start("b");

        await WaitUntilAsync(() => ShardsOf("b").Count == 1 && gateway.Live.Count == ShardCount, "bot b runs a shard bot a gave up", timeoutSeconds: 60);
        Assert.Equal(ShardCount - 1, ShardsOf("a").Count);
        Assert.Equal(ShardCount + 1, gateway.Identified.Count);
        Assert.Empty(gateway.Violations);

        // Balanced: bot a looks twice more, finds nobody standing by, and gives up nothing more.
        var checks = a.Shards.BalancedChecks;
        await WaitUntilAsync(() => a.Shards.BalancedChecks >= checks + 2, "bot a looks for a replica standing by twice more");
        Assert.Equal((ShardCount - 1, 1, ShardCount + 1), (ShardsOf("a").Count, ShardsOf("b").Count, gateway.Identified.Count));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {timeoutSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    private sealed class Bot : IAsyncDisposable
    {
        private readonly HttpClient http = new();
        private readonly DiscordRateLimits limits = new(TimeProvider.System);
        private readonly CancellationTokenSource stop = new();
        private readonly List<string> guilds = [];
        private readonly Task running;
        private readonly Task reading;
        private bool disposed;

        public Bot(string replica, FakeDiscord fake, ReplicaLeases leases)
        {
            var settings = Microsoft.Extensions.Options.Options.Create(new DiscordOptions
            {
                BotToken = ClientHarness.Token,
                ApiBaseUrl = fake.ApiBase.ToString(),
                ShardCount = ShardCount,
                ShardStagger = Stagger,
            });
            var time = TimeProvider.System;
            var rest = new DiscordRestClient(http, limits, settings, time, new ListLogger<DiscordRestClient>());
            var shared = leases.For(replica);
            Shards = new ShardGateways(new WebSocketGatewayTransport(time), rest, settings,
                new IdentifyGate(time, NullLogger<IdentifyGate>.Instance, shared), time, NullLoggerFactory.Instance, leases: shared)
            {
                Jitter = () => 0.25,
            };
            running = Task.Run(() => Shards.RunAsync(stop.Token));
            reading = Task.Run(ReadAsync);
        }

        public ShardGateways Shards { get; }

        public bool SawGuild(long guild)
        {
            lock (guilds)
            {
                return guilds.Contains(guild.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            await stop.CancelAsync();
            await running;
            await reading;
            limits.Dispose();
            http.Dispose();
            stop.Dispose();
        }

        private async Task ReadAsync()
        {
            await foreach (var dispatch in Shards.Dispatches.ReadAllAsync())
            {
                if (dispatch.Name == "GUILD_UPDATE")
                {
                    lock (guilds)
                    {
                        guilds.Add(dispatch.Data.GetProperty("id").GetString()!);
                    }
                }
            }
        }
    }
}
