using BulletinBot.Core.Replicas;
using BulletinBot.Discord.Gateway;
using BulletinBot.TestPages;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>
/// The rule that evens the shards out, on leases shared by in-process replicas and a fake clock: who gives, who may
/// take the shard given, and that a check finding the shards even changes nothing.
/// </summary>
public sealed class ShardBalanceTests : IAsyncDisposable
{
    private const int ShardCount = 8;
    private static readonly TimeSpan Stagger = TimeSpan.FromSeconds(5);
    private readonly ReplicaLeases leases = new();
    private readonly FakeTimeProvider time = new();
    private readonly List<ShardBalance> balances = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var balance in balances)
        {
            await balance.DisposeAsync();
        }
    }

    private ShardBalance Replica(string name)
    {
        var balance = new ShardBalance(leases.For(name), ShardCount, Stagger, time);
        balances.Add(balance);
        return balance;
    }

    [Fact]
    public async Task A_replica_running_two_more_than_another_gives_it_one_and_only_that_one_or_one_running_none_may_take_it()
    {
        var (a, b, c, d, e) = (Replica("a"), Replica("b"), Replica("c"), Replica("d"), Replica("e"));
        // No check before four staggers from the start.
        Assert.False(await a.ShouldGiveAsync(3, default));
        time.Advance(Stagger * 4);
        // b says it runs one; c runs one too, but b holds the lease that says so.
        Assert.False(await b.ShouldGiveAsync(1, default));
        Assert.False(await c.ShouldGiveAsync(1, default));

        Assert.True(await a.ShouldGiveAsync(3, default));

        Assert.Equal("a", leases.Holder(WorkLeaseNames.DiscordGiving));
        Assert.Equal("a", leases.Holder(WorkLeaseNames.DiscordGivingTo(1)));
        Assert.True(await b.MayTakeAsync(1, default));
        Assert.False(await c.MayTakeAsync(1, default));
        Assert.False(await a.MayTakeAsync(2, default));
        Assert.True(await d.MayTakeAsync(0, default));

        // One shard at a time: another replica running many does not give while a gives.
        Assert.False(await e.ShouldGiveAsync(4, default));
        Assert.Null(leases.Holder(WorkLeaseNames.DiscordGivingTo(0)));
    }

    [Fact]
    public async Task After_its_interval_the_giver_lets_go_and_with_no_handover_under_way_anyone_may_take_a_free_shard()
    {
        var (a, b) = (Replica("a"), Replica("b"));
        time.Advance(Stagger * 4);
        Assert.False(await b.ShouldGiveAsync(1, default));
        Assert.True(await a.ShouldGiveAsync(3, default));

        // Not yet due: the giver keeps its leases, and does not take a shard back.
        time.Advance(Stagger * 4);
        Assert.False(await a.ShouldGiveAsync(2, default));
        Assert.Equal("a", leases.Holder(WorkLeaseNames.DiscordGiving));
        Assert.False(await a.MayTakeAsync(2, default));

        // b took it and says so; the giver's next check lets go and finds nobody two below two.
        Assert.False(await b.ShouldGiveAsync(2, default));
        time.Advance(Stagger * 2);
        Assert.False(await a.ShouldGiveAsync(2, default));
        Assert.Null(leases.Holder(WorkLeaseNames.DiscordGiving));
        Assert.Null(leases.Holder(WorkLeaseNames.DiscordGivingTo(1)));
        Assert.Equal(1, a.BalancedChecks);
        Assert.True(await a.MayTakeAsync(2, default));
        Assert.True(await b.MayTakeAsync(2, default));
    }

    [Fact]
    public async Task A_check_that_finds_the_shards_even_gives_nothing_and_leaves_the_leases_as_it_found_them()
    {
        var (a, b, c) = (Replica("a"), Replica("b"), Replica("c"));
        time.Advance(Stagger * 4);
        Assert.False(await b.ShouldGiveAsync(3, default));
        Assert.False(await c.ShouldGiveAsync(2, default));
        var before = Held();

        Assert.False(await a.ShouldGiveAsync(3, default));
        Assert.False(await b.ShouldGiveAsync(3, default));
        time.Advance(Stagger * 4);
        Assert.False(await b.ShouldGiveAsync(3, default));

        Assert.Equal(1, a.BalancedChecks);
        Assert.Equal(2, b.BalancedChecks);
        Assert.Equal(before, Held());
        Assert.True(await c.MayTakeAsync(2, default));
    }

    private IReadOnlyList<(string Name, string? Holder)> Held() =>
        [.. Enumerable.Range(0, ShardCount).Select(WorkLeaseNames.DiscordRuns).Append(WorkLeaseNames.DiscordGiving)
            .Select(name => (name, leases.Holder(name)))];
}
