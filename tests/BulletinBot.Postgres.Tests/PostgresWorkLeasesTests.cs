using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Replicas;
using Microsoft.Extensions.Options;

namespace BulletinBot.Postgres.Tests;

/// <summary>The replicas' leases on a real PostgreSQL, the web validators they share, and health's view of them.</summary>
public sealed class PostgresWorkLeasesTests
{
    private static IOptions<ReplicaOptions> Takeover(TimeSpan after) => Options.Create(new ReplicaOptions { TakeoverAfter = after });

    [Fact]
    public async Task One_replica_holds_a_lease_health_names_it_and_another_takes_it_when_it_is_given_up()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var first = new PostgresWorkLeases(dataSource, Takeover(TimeSpan.FromSeconds(5)), TimeProvider.System);
        var second = new PostgresWorkLeases(dataSource, Takeover(TimeSpan.FromSeconds(5)), TimeProvider.System);
        Assert.Null((await PostgresHealth.ReadAsync(dataSource, CancellationToken.None)).Leader);

        var hold = await first.TryTakeAsync(WorkLeaseNames.Leader, CancellationToken.None);
        Assert.NotNull(hold);
        Assert.Null(await second.TryTakeAsync(WorkLeaseNames.Leader, CancellationToken.None));
        Assert.Equal(PostgresWorkLeases.ThisHolder, (await PostgresHealth.ReadAsync(dataSource, CancellationToken.None)).Leader);

        // Another lease is another lock: the Telegram poller's does not wait for the leader's.
        await using (var other = await second.TryTakeAsync(WorkLeaseNames.TelegramUpdates, CancellationToken.None))
        {
            Assert.NotNull(other);
            Assert.Equal(PostgresWorkLeases.ThisHolder, (await PostgresHealth.ReadAsync(dataSource, CancellationToken.None)).Leader);
        }

        await hold.DisposeAsync();
        Assert.True(hold.Lost.IsCancellationRequested);
        Assert.Null((await PostgresHealth.ReadAsync(dataSource, CancellationToken.None)).Leader);
        await using var taken = await second.TryTakeAsync(WorkLeaseNames.Leader, CancellationToken.None);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task Health_names_the_replica_running_each_Discord_shard_and_none_for_a_shard_nobody_runs()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var replica = new PostgresWorkLeases(dataSource, Takeover(TimeSpan.FromSeconds(5)), TimeProvider.System);

        Assert.Equal([null, null, null], await PostgresHealth.DiscordShardsAsync(dataSource, 3, CancellationToken.None));
        await using (var shard = await replica.TryTakeAsync(WorkLeaseNames.DiscordShard(1), CancellationToken.None))
        {
            Assert.NotNull(shard);
            Assert.Equal([null, PostgresWorkLeases.ThisHolder, null], await PostgresHealth.DiscordShardsAsync(dataSource, 3, CancellationToken.None));
            // A shard lease is not the leader's.
            Assert.Null((await PostgresHealth.ReadAsync(dataSource, CancellationToken.None)).Leader);

            // Every key is found, those whose hash is negative too.
            await using var zero = await replica.TryTakeAsync(WorkLeaseNames.DiscordShard(0), CancellationToken.None);
            await using var two = await replica.TryTakeAsync(WorkLeaseNames.DiscordShard(2), CancellationToken.None);
            Assert.Contains(new[] { 0, 1, 2 }, id => PostgresLease.KeyOf(WorkLeaseNames.DiscordShard(id)) < 0);
            Assert.Equal(Enumerable.Repeat<string?>(PostgresWorkLeases.ThisHolder, 3), await PostgresHealth.DiscordShardsAsync(dataSource, 3, CancellationToken.None));
        }

        Assert.Equal([null, null, null], await PostgresHealth.DiscordShardsAsync(dataSource, 3, CancellationToken.None));
    }

    [Theory]
    [InlineData(2, 250)]
    [InlineData(5, 500)]
    [InlineData(15, 1500)]
    [InlineData(600, 2000)]
    public void Retry_is_a_tenth_of_the_takeover_time_between_a_quarter_second_and_two(int takeoverSeconds, int retryMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(retryMilliseconds), PostgresWorkLeases.RetryFor(TimeSpan.FromSeconds(takeoverSeconds)));

    [Fact]
    public async Task Web_validators_are_kept_by_url_and_replaced()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var validators = new PostgresSourceValidators(dataSource);
        var modified = new DateTimeOffset(2018, 7, 11, 10, 30, 0, TimeSpan.Zero);

        Assert.Null(validators.Load("https://example.test/a"));
        validators.Save("https://example.test/a", new HttpValidators("\"v1\"", modified));
        validators.Save("https://example.test/b", new HttpValidators(null, null));
        validators.Save("https://example.test/a", new HttpValidators("\"v2\"", modified.AddHours(1)));

        Assert.Equal(new HttpValidators("\"v2\"", modified.AddHours(1)), validators.Load("https://example.test/a"));
        Assert.Equal(new HttpValidators(null, null), validators.Load("https://example.test/b"));
    }

    [Fact]
    public async Task Health_of_a_fresh_database_has_no_leader_and_announcements_not_started()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();

        var health = await PostgresHealth.ReadAsync(dataSource, CancellationToken.None);

        Assert.Equal(new ReplicaHealth(0, 0, null, 0, 0, null), health);
        Assert.False(health.OutboxIdle);
    }
}
