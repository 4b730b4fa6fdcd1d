using Xunit.Abstractions;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// Three replicas of the real host on one PostgreSQL database share the four shards of one Discord token, against a
/// fake gateway that enforces one session per shard and one Identify per <c>max_concurrency</c> bucket per 5 s: each
/// shard is identified once, by one replica or another; the leader announces each item once per channel; and a
/// replica killed with -9 has its shards identified again by the others, and its announcements finished by the next
/// leader without a duplicate (each post carries its nonce with enforce_nonce).
/// </summary>
[Trait("Category", "Slow")]
public sealed class ShardReplicaTests(ITestOutputHelper output)
{
    private const int MaxConcurrency = 2;
    private static readonly string[] Targets = ["880000000000000001", "880000000000000002"];

    [Fact]
    public async Task Three_replicas_identify_each_of_four_shards_once_between_them_and_announce_each_item_once_per_channel()
    {
        await using var rig = await ShardReplicaRig.StartAsync(3, Targets, MaxConcurrency);

        Assert.Equal([0, 1, 2, 3], rig.Gateway.Identified.Order());
        var held = rig.Running.Select(ShardReplicaRig.ShardsOf).ToList();
        output.WriteLine($"shards by replica: {string.Join("; ", held.Select(s => $"[{string.Join(",", s)}]"))}");
        Assert.Equal([0, 1, 2, 3], held.SelectMany(s => s).Order());
        Assert.True(held.Count(s => s.Count > 0) >= 2 && held.All(s => s.Count < ShardReplicaRig.ShardCount), $"the shards were not spread: {rig.Output}");
        // However they were first split, they even out: two, one and one.
        await rig.WaitUntilAsync(() => rig.Even(), "no replica runs two shards more than another", 90);
        output.WriteLine($"evened out: {string.Join("; ", rig.Running.Select(r => $"[{string.Join(",", ShardReplicaRig.ShardsOf(r))}]"))}");

        var items = NewsPages.Items(page: 41, count: 3);
        rig.Drop("941_news.txt", items);
        await rig.WaitForAllAsync(items);
        await rig.WaitUntilSettledAsync();

        var posted = rig.Posted();
        Assert.Equal(Targets.Length * items.Count, posted.Count);
        Assert.Empty(DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: 0));
        Assert.Empty(rig.Gateway.Violations);
        Assert.Empty(rig.Fake.Violations);
        Assert.Equal(0, rig.Fake.Channels.LimitRefusals);
        var (code, health) = await rig.HealthAsync();
        Assert.True(code == 0, health);
        Assert.Contains($"leader: {Environment.MachineName} pid {(await rig.LeaderAsync()).Id}", health, StringComparison.Ordinal);
        Assert.Contains($"discord: 4 of 4 shards run (", health, StringComparison.Ordinal);
        Assert.All(rig.Running.Where(r => ShardReplicaRig.ShardsOf(r).Count > 0), r => Assert.Contains(ShardReplicaRig.HealthLine(r), health, StringComparison.Ordinal));
    }

    /// <summary>By bucket, the two identifies the fake saw closest together: how much room the spacing leaves.</summary>
    private static string ClosestIdentifies(IReadOnlyList<(int Shard, DateTime At)> identifies) =>
        "closest identifies by bucket: " + string.Join("; ", identifies
            .GroupBy(i => i.Shard % MaxConcurrency)
            .OrderBy(g => g.Key)
            .Select(g => (Bucket: g.Key, Ats: g.Select(i => i.At).Order().ToList()))
            .Select(b => b.Ats.Count < 2
                ? $"{b.Bucket}: one identify"
                : $"{b.Bucket}: {b.Ats.Zip(b.Ats.Skip(1), (x, y) => (y - x).TotalSeconds).Min():0.00} s apart of {b.Ats.Count}"));

    [Fact]
    public async Task The_leader_killed_while_announcing_loses_its_shards_to_the_others_within_a_minute_and_every_item_reaches_every_channel_once()
    {
        await using var rig = await ShardReplicaRig.StartAsync(3, Targets, MaxConcurrency);
        var items = NewsPages.Items(page: 42, count: 5);
        var leader = await rig.LeaderAsync();
        // The leader is killed for its announcements; if it happens to run no shard, a replica that runs some goes too.
        var victims = ShardReplicaRig.ShardsOf(leader).Count > 0 ? [leader] : new[] { leader, rig.Running.First(r => ShardReplicaRig.ShardsOf(r).Count > 0) };
        var orphaned = victims.SelectMany(ShardReplicaRig.ShardsOf).Order().ToList();
        var identifiedBefore = rig.Gateway.Identified.Count;

        rig.Drop("942_news.txt", items);
        await rig.WaitUntilAsync(() => DiscordPosts.Count(rig.Fake) >= 2, "the leader began announcing", 60);
        var killed = DateTime.UtcNow;
        foreach (var victim in victims)
        {
            await victim.KillAsync();
        }

        var sentAtKill = DiscordPosts.Count(rig.Fake);
        await rig.WaitUntilAsync(
            () => rig.Gateway.Identified.Count == identifiedBefore + orphaned.Count && rig.Gateway.Live.Count == ShardReplicaRig.ShardCount,
            $"shards {string.Join(",", orphaned)} identified again",
            60);
        var took = rig.Gateway.Identifies.Skip(identifiedBefore).Max(i => i.At) - killed;
        output.WriteLine($"killed {victims.Length} replica(s) running shards {string.Join(",", orphaned)} after {sentAtKill} posts; identified again in {took.TotalSeconds:0.0} s");
        Assert.True(took < TimeSpan.FromSeconds(60), $"took {took}");
        Assert.Equal(orphaned, rig.Gateway.Identified.Skip(identifiedBefore).Order());
        Assert.Equal([0, 1, 2, 3], rig.Running.SelectMany(ShardReplicaRig.ShardsOf).Order());

        // A guild on a shard taken over is answered by the replica that runs it now.
        var answer = await rig.InteractAsync("310000000000000001", ShardReplicaRig.GuildOn(orphaned[0]), new { name = "stats" });
        Assert.Equal("POST", answer.Method);

        // A replica started now finds every shard run by the others: it stands by (health counts that no fault), and
        // a replica left running two shards more than it closes one for it to take, until the spread is even.
        var standby = await rig.AddReplicaAsync();
        await standby.WaitForAsync("this replica stands by", TimeSpan.FromSeconds(30));
        var (code, health) = await rig.HealthAsync();
        output.WriteLine(health);
        Assert.True(code == 0, health);
        Assert.Contains("discord: ", health, StringComparison.Ordinal);
        await rig.WaitUntilAsync(
            () => ShardReplicaRig.ShardsOf(standby).Count >= 1 && rig.Even(),
            "the replica that stood by runs a shard another gave up, and the spread is even",
            120);
        Assert.Equal([0, 1, 2, 3], rig.Running.SelectMany(ShardReplicaRig.ShardsOf).Order());

        await rig.WaitForAllAsync(items);
        await rig.WaitUntilSettledAsync();
        var posted = rig.Posted();
        output.WriteLine($"{DeliveryCounts.Summary(posted, Targets, items)}; {rig.Fake.Channels.NonceRepeats} posts repeated a nonce; {rig.Fake.Channels.LimitRefusals} refused by the channel limit");
        output.WriteLine(ClosestIdentifies(rig.Gateway.Identifies));
        Assert.Empty(DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: 0));
        Assert.Empty(rig.Gateway.Violations);
        Assert.Empty(rig.Fake.Violations);
    }
}
