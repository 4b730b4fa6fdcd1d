using BulletinBot.Core.Replicas;
using BulletinBot.Discord.Gateway;
using BulletinBot.Discord.Rest;
using BulletinBot.Discord.Tests.Fakes;
using BulletinBot.TestPages;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>
/// Bots sharing leases run the shards of one token (four, unless a test says otherwise) against a gateway that enforces
/// Discord's identify buckets (max_concurrency 2) and one session per shard.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ShardGatewaysTests : IAsyncLifetime, IDisposable
{
    private const int ShardCount = 4;
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(300);
    private readonly ReplicaLeases leases = new();

    // The pace marks the bots share, as the replicas of one database share them.
    private readonly SingleProcessPaceMarks marks = new(TimeProvider.System);
    private readonly List<Bot> bots = [];
    private FakeDiscord fake = null!;
    private FakeShardGateway? served;

    private FakeShardGateway gateway => served!;

    public async Task InitializeAsync()
    {
        fake = await FakeDiscord.StartAsync();
        fake.MaxConcurrency = 2;
    }

    public async Task DisposeAsync()
    {
        foreach (var bot in bots)
        {
            await bot.DisposeAsync();
        }

        await fake.DisposeAsync();
    }

    public void Dispose() => served?.Dispose();

    private Bot Start(string replica, int shardCount = ShardCount, Func<IGatewayTransport, IGatewayTransport>? transport = null)
    {
        served ??= new FakeShardGateway(fake, shardCount);
        var bot = new Bot(replica, fake, leases, marks, shardCount, transport);
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
    public async Task A_bot_killed_just_after_an_identify_still_spaces_the_next_identify_of_that_bucket_by_5_s()
    {
        // Bot a identifies its first shards (0 and 1, one in each bucket) and is killed at once: its bucket leases go
        // with it, as a database server drops a dead session's locks. Bot b, started then, finds every shard free.
        var a = Start("a");
        await WaitUntilAsync(() => gateway.Identified.Count >= 1, "bot a identified a shard", timeoutSeconds: 60);
        leases.Kill("a");
        await a.DisposeAsync();
        Start("b");

        await WaitUntilAsync(() => ShardsOf("b").Count == ShardCount && gateway.Live.Count == ShardCount, "bot b runs every shard", timeoutSeconds: 60);

        // Every identify of a bucket came 5 s or more after the one before, bot a's included: no invalid session.
        Assert.Empty(gateway.Violations);
        Assert.Equal([0, 1, 2, 3], gateway.Identified.Skip(gateway.Identified.Count - ShardCount).Order());
    }

    [Fact]
    public async Task An_identify_that_leaves_a_second_late_still_has_the_next_identify_of_its_bucket_follow_it_by_5_s()
    {
        // Bot a's first Identify (shard 0, bucket 0) leaves 1 s after the bucket was marked for it, as a cold process's
        // first send may; the bucket's next Identify (shard 2) is spaced from when that one left, not from the mark.
        Start("a", transport: sockets => new StallingTransport(sockets, TimeSpan.FromSeconds(1)));

        await WaitUntilAsync(() => ShardsOf("a").Count == ShardCount && gateway.Live.Count == ShardCount, "bot a runs every shard", timeoutSeconds: 60);

        Assert.Empty(gateway.Violations);
        Assert.Equal([0, 1, 2, 3], gateway.Identified.Order());
    }

    [Fact]
    public async Task A_bot_started_after_another_runs_all_four_shards_is_given_two_by_it_and_then_no_shard_moves()
    {
        var a = Start("a");
        await WaitUntilAsync(() => ShardsOf("a").Count == ShardCount && gateway.Live.Count == ShardCount, "bot a runs every shard", timeoutSeconds: 60);

        var b = Start("b");

        await WaitUntilAsync(() => ShardsOf("b").Count == 2 && gateway.Live.Count == ShardCount, "bot b runs two shards bot a gave up", timeoutSeconds: 60);
        Assert.Equal(2, ShardsOf("a").Count);
        Assert.Equal(ShardCount + 2, gateway.Identified.Count);
        Assert.Empty(gateway.Violations);

        // Even: each bot looks twice more, finds nobody running two fewer, and nothing moves.
        var (checksOfA, checksOfB) = (a.Shards.BalancedChecks, b.Shards.BalancedChecks);
        await WaitUntilAsync(
            () => a.Shards.BalancedChecks >= checksOfA + 2 && b.Shards.BalancedChecks >= checksOfB + 2,
            "each bot finds the shards even twice more");
        Assert.Equal((2, 2, ShardCount + 2), (ShardsOf("a").Count, ShardsOf("b").Count, gateway.Identified.Count));
        // Bot a took every shard once, and each shard it gave up went to bot b, never back to bot a.
        Assert.Equal(["a", "a", "a", "a", "b", "b"], ShardTakes().Select(take => take.Replica));
        Assert.Empty(gateway.Violations);
    }

    [Fact]
    public async Task Two_bots_started_after_another_runs_all_five_shards_end_with_no_bot_running_two_more_than_another()
    {
        const int shards = 5;
        var a = Start("a", shards);
        await WaitUntilAsync(() => ShardsOf("a").Count == shards && gateway.Live.Count == shards, "bot a runs every shard", timeoutSeconds: 60);

        var started = new[] { a, Start("b", shards), Start("c", shards) };
        string[] names = ["a", "b", "c"];
        IReadOnlyList<int> Spread() => [.. names.Select(name => ShardsOf(name).Count)];

        await WaitUntilAsync(
            () => Spread() is var spread && spread.Sum() == shards && spread.Max() - spread.Min() <= 1 && gateway.Live.Count == shards,
            "the five shards run two, two and one",
            timeoutSeconds: 90);
        var even = Spread();
        var identified = gateway.Identified.Count;

        var checks = started.Select(bot => bot.Shards.BalancedChecks).ToList();
        await WaitUntilAsync(
            () => started.Select((bot, i) => bot.Shards.BalancedChecks >= checks[i] + 2 || ShardsOf(names[i]).Count < 2).All(done => done),
            "each bot running two finds the shards even twice more");
        Assert.Equal(even, Spread());
        Assert.Equal(identified, gateway.Identified.Count);
        Assert.Equal([1, 2, 2], even.Order());
        // Bot a, which ran more than either, never took back a shard; each shard taken was identified once.
        Assert.DoesNotContain("a", ShardTakes().Skip(shards).Select(take => take.Replica));
        Assert.Equal(ShardTakes().Count, identified);
        Assert.Empty(gateway.Violations);
    }

    private IReadOnlyList<(string Replica, string Name)> ShardTakes() =>
        [.. leases.Taken.Where(take => take.Name.StartsWith("discord:shard:", StringComparison.Ordinal))];

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

        public Bot(string replica, FakeDiscord fake, ReplicaLeases leases, IPaceMarks marks, int shardCount, Func<IGatewayTransport, IGatewayTransport>? transport)
        {
            var settings = Microsoft.Extensions.Options.Options.Create(new DiscordOptions
            {
                BotToken = ClientHarness.Token,
                ApiBaseUrl = fake.ApiBase.ToString(),
                ShardCount = shardCount,
                ShardStagger = Stagger,
            });
            var time = TimeProvider.System;
            var rest = new DiscordRestClient(http, limits, settings, time, new ListLogger<DiscordRestClient>());
            var shared = leases.For(replica);
            IGatewayTransport sockets = new WebSocketGatewayTransport(time);
            Shards = new ShardGateways(transport is null ? sockets : transport(sockets), rest, settings,
                new IdentifyGate(time, NullLogger<IdentifyGate>.Instance, shared, marks), time, NullLoggerFactory.Instance, leases: shared)
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
