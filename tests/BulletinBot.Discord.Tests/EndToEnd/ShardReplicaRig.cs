using System.Globalization;
using System.Text.Json;
using BulletinBot.Discord.Tests.Fakes;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// Replicas of the real host (a <see cref="ReplicaSet"/> of child processes on one PostgreSQL database) with the
/// Discord token, sharing <see cref="ShardCount"/> gateway shards against one <see cref="FakeDiscord"/> whose gateway
/// (<see cref="FakeShardGateway"/>) answers every shard on its own and records each break of Discord's identify rules.
/// Which replica runs which shard is read from each replica's log (a shard taken, a shard's lease lost).
/// </summary>
internal sealed class ShardReplicaRig : IAsyncDisposable
{
    public const int ShardCount = 4;

    private readonly ReplicaSet replicas;
    private readonly string folder;

    private ShardReplicaRig(FakeDiscord fake, int count, IReadOnlyList<string> targets)
    {
        Fake = fake;
        Gateway = new FakeShardGateway(fake, ShardCount);
        Targets = targets;
        folder = Directory.CreateTempSubdirectory("bulletinbot-discord-shards-").FullName;
        Seeds = Directory.CreateDirectory(Path.Combine(folder, "seeds")).FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Discord__BotToken"] = DiscordHost.Token,
            ["Discord__ApiBaseUrl"] = fake.ApiBase.ToString(),
            ["Discord__GatewayUrl"] = fake.GatewayUrl,
            ["Discord__ShardCount"] = ShardCount.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Information",
        };
        replicas = new ReplicaSet(folder, Seeds, count, "Discord", targets, settings,
            // Live: on the database, leading or standing by for the leader lease.
            text => text.Contains("Lease leader taken", StringComparison.Ordinal)
                || text.Contains("Lease leader is held by another replica", StringComparison.Ordinal));
    }

    public FakeDiscord Fake { get; }

    public FakeShardGateway Gateway { get; }

    public IReadOnlyList<string> Targets { get; }

    public string Seeds { get; }

    public IReadOnlyList<HostProcess> Running => replicas.Running;

    public string Output => replicas.Output;

    /// <summary>
    /// Starts <paramref name="count"/> replicas together against a fake that recommends <see cref="ShardCount"/> shards
    /// with <c>max_concurrency</c> <paramref name="maxConcurrency"/>, and waits until every shard has a session.
    /// </summary>
    public static async Task<ShardReplicaRig> StartAsync(int count, IReadOnlyList<string> targets, int maxConcurrency)
    {
        var fake = await FakeDiscord.StartAsync();
        fake.ShardCount = ShardCount;
        fake.MaxConcurrency = maxConcurrency;
        var rig = new ShardReplicaRig(fake, count, targets);
        try
        {
            await rig.replicas.StartAllAsync();
            await rig.WaitUntilAsync(() => rig.Gateway.Live.Count == ShardCount, "every shard has a session", 90);
            await rig.replicas.LeaderAsync();
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }

        return rig;
    }

    public Task<HostProcess> LeaderAsync() => replicas.LeaderAsync();

    /// <summary>The shards <paramref name="replica"/> runs now, by its log: each taken and not lost since.</summary>
    public static IReadOnlyList<int> ShardsOf(HostProcess replica)
    {
        var text = replica.Text;
        return [.. Enumerable.Range(0, ShardCount).Where(shard =>
            ReplicaSet.Count(text, $"Discord shard {shard} of {ShardCount} taken")
                > ReplicaSet.Count(text, $"Discord shard {shard}: lease lost") + ReplicaSet.Count(text, $"Discord shard {shard}: closed for"))];
    }

    /// <summary>
    /// Every shard has a session and is run by one running replica (by their logs), and no replica runs two more
    /// than another.
    /// </summary>
    public bool Even()
    {
        var held = Running.Select(ShardsOf).ToList();
        return Gateway.Live.Count == ShardCount
            && held.SelectMany(shards => shards).Order().SequenceEqual(Enumerable.Range(0, ShardCount))
            && held.Max(shards => shards.Count) - held.Min(shards => shards.Count) <= 1;
    }

    /// <summary>A guild whose events Discord routes to <paramref name="shard"/> (<c>(guild_id &gt;&gt; 22) % shards</c>).</summary>
    public static long GuildOn(int shard) => (((long)shard + (ShardCount * 1000L)) << 22) | 7;

    /// <summary>A slash command from a member of <paramref name="guild"/>, as an INTERACTION_CREATE carries it.</summary>
    public static JsonElement Interaction(string id, long guild, object data, string channelId = "400000000000000001", string permissions = "0") =>
        JsonSerializer.SerializeToElement(new
        {
            id,
            application_id = DiscordHost.ApplicationId,
            type = 2,
            token = "interaction-token-" + id,
            channel_id = channelId,
            guild_id = guild.ToString(CultureInfo.InvariantCulture),
            member = new { user = new { id = "600000000000000001", username = "someone" }, permissions },
            data,
        });

    /// <summary>Sends a slash command to the session of the guild's shard; the bot's first answer to it.</summary>
    public async Task<RecordedRequest> InteractAsync(string id, long guild, object data)
    {
        var shard = await Gateway.DispatchToGuildAsync(guild, "INTERACTION_CREATE", Interaction(id, guild, data));
        Assert.True(shard is not null, $"No session runs the shard of guild {guild}.\n{Output}");
        return (await Fake.WaitForRequestsAsync(r => r.Path.StartsWith($"interactions/{id}/", StringComparison.Ordinal))).Single();
    }

    public void Drop(string name, IEnumerable<NewsItem> items) => NewsPages.Drop(Seeds, name, items);

    public IReadOnlyList<PostedMessage> Posted() => DiscordPosts.Posted(Fake, Targets);

    public Task WaitForAllAsync(IReadOnlyList<NewsItem> items, int timeoutSeconds = 90) =>
        DiscordPosts.WaitForAllAsync(Fake, Targets, items, timeoutSeconds, () => Output);

    /// <summary>The <c>health</c> verb on the shared database with the Discord settings, as a replica's container runs it.</summary>
    public Task<(int Code, string Text)> HealthAsync() => replicas.HealthAsync(new Dictionary<string, string?>
    {
        ["Discord__BotToken"] = DiscordHost.Token,
        ["Discord__ShardCount"] = ShardCount.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>One more replica, once it is live; the last of <see cref="Running"/>.</summary>
    public async Task<HostProcess> AddReplicaAsync()
    {
        await replicas.AddAsync();
        return replicas.Running[^1];
    }

    /// <summary>What health says a replica runs: its holder name and its shards.</summary>
    public static string HealthLine(HostProcess replica) =>
        $"{Environment.MachineName} pid {replica.Id}: {string.Join(", ", ShardsOf(replica))}";

    public Task WaitUntilSettledAsync() => replicas.WaitUntilSettledAsync();

    public async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutSeconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {timeoutSeconds} s: {what}.\n{string.Join("\n", Gateway.Violations)}\n{Output}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await replicas.DisposeAsync();
        Gateway.Dispose();
        await Fake.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
