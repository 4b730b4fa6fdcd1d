using BulletinBot.Owner;
using BulletinBot.Postgres;

namespace BulletinBot.Tests.Postgres;

/// <summary>What health says of the replicas on PostgreSQL, from what the database told: the leader and the Discord shards.</summary>
public sealed class ReplicaHealthLinesTests
{
    private static readonly ReplicaHealth Led = new(Items: 3, Head: 3, AnnouncementsRead: 3, Pending: 0, Unread: 0, Leader: "host pid 1");

    [Fact]
    public void Each_replica_is_named_with_the_shards_it_runs_and_a_shard_nobody_runs_is_reported_without_failing()
    {
        var (healthy, lines) = HealthReport.OfReplicas(Led, ["host pid 1", "host pid 2", "host pid 1", null]);

        Assert.True(healthy);
        Assert.Equal(
            "discord: 3 of 4 shards run (host pid 1: 0, 2; host pid 2: 1); shard 3 run by no replica yet (a replica identifies it within a minute)",
            lines[^1]);
    }

    [Fact]
    public void Every_shard_run_is_one_line_and_without_Discord_there_is_none()
    {
        Assert.Equal("discord: 2 of 2 shards run (host pid 2: 0, 1)", HealthReport.OfReplicas(Led, ["host pid 2", "host pid 2"]).Lines[^1]);
        Assert.DoesNotContain(HealthReport.OfReplicas(Led).Lines, line => line.StartsWith("discord:", StringComparison.Ordinal));
        Assert.False(HealthReport.OfReplicas(Led with { Leader = null }, ["host pid 2"]).Healthy);
    }
}
