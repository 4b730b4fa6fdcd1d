using System.Reflection;
using System.Runtime.ExceptionServices;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Postgres.Tests;

/// <summary>A replica's search follows the shared change sequence by wake-ups, not by a round trip per search.</summary>
public sealed class PostgresChangeHeadTests
{
    private static readonly TimeSpan NoPoll = TimeSpan.FromMinutes(10);
    private static readonly SearchQuery Items = SearchQueryParser.Parse("item").Query!;

    [Fact]
    public async Task A_search_asks_the_database_nothing_until_a_change_is_announced_and_sees_its_own_writes_at_once()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var otherReplica = new PostgresBulletinStore(dataSource, TimeProvider.System);
        otherReplica.UpsertPages([new PageWrite([ChangeSequenceTests.Item(1)], null)]);

        var head = new PostgresChangeHead();
        var (store, counter) = CountingStore.Over(new PostgresBulletinStore(dataSource, TimeProvider.System, head));
        var wakeups = new PostgresWakeups(dataSource, TimeProvider.System, NullLogger<PostgresWakeups>.Instance, head);
        using var stopListening = new CancellationTokenSource();
        using var stopFollowing = new CancellationTokenSource();
        var listening = wakeups.RunAsync(stopListening.Token);
        var following = head.FollowAsync(otherReplica.LastSequence, wakeups, NoPoll, stopFollowing.Token);
        await WaitUntil(() => wakeups.Listening && head.Known == 1);

        // As on a replica: the index persists in its own folder and keeps the items' stored fields.
        var folder = Directory.CreateTempSubdirectory("bb-head-");
        using var search = new BulletinSearch(store, NullLogger<BulletinSearch>.Instance, new SearchIndexFolder(Path.Combine(folder.FullName, "index")), head);
        Assert.Equal(1, search.Search(Items, 0, 10).Results.Total);
        counter.Reset();
        for (var i = 0; i < 20; i++)
        {
            Assert.Single(search.Search(Items, 0, 10).Bulletins);
        }

        Assert.Equal(0, counter.Calls);

        // Another replica commits: its notification carries the number, and the next search alone catches up.
        otherReplica.UpsertPages([new PageWrite([ChangeSequenceTests.Item(2)], null)]);
        await WaitUntil(() => head.Known == 2);
        Assert.Equal(2, search.Find(Items, 0, 10).Total);
        Assert.True(counter.Calls > 0, "The catch-up reads the new change from the database.");
        counter.Reset();
        Assert.Equal(2, search.Find(Items, 0, 10).Total);
        Assert.Equal(0, counter.Calls);

        // With no notification to hear, this replica's own write is still found by its very next search.
        await stopListening.CancelAsync();
        await listening;
        store.UpsertPages([new PageWrite([ChangeSequenceTests.Item(3)], null)]);
        Assert.Equal(3, search.Find(Items, 0, 10).Total);

        await stopFollowing.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
        search.Dispose();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_change_whose_notification_was_lost_is_found_by_the_polling_fallback()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var otherReplica = new PostgresBulletinStore(dataSource, TimeProvider.System);
        var head = new PostgresChangeHead();
        Assert.Null(head.Known);

        // No one listens, as when the listening connection is down: only the poll can tell this replica.
        var wakeups = new PostgresWakeups(dataSource, TimeProvider.System, NullLogger<PostgresWakeups>.Instance, head);
        using var stop = new CancellationTokenSource();
        var following = head.FollowAsync(otherReplica.LastSequence, wakeups, TimeSpan.FromMilliseconds(100), stop.Token);
        await WaitUntil(() => head.Known == 0);
        using var search = new BulletinSearch(new PostgresBulletinStore(dataSource, TimeProvider.System, head), NullLogger<BulletinSearch>.Instance, changeHead: head);
        Assert.Equal(0, search.Find(Items, 0, 10).Total);

        otherReplica.UpsertPages([new PageWrite([ChangeSequenceTests.Item(1)], null)]);
        await WaitUntil(() => search.Find(Items, 0, 10).Total == 1);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 30 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>Counts every call a search makes to the store (each one a round trip to the database).
    /// Not sealed: <see cref="DispatchProxy"/> derives from it.</summary>
    public class CountingStore : DispatchProxy
    {
        private IBulletinStore _inner = null!;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public static (IBulletinStore Store, CountingStore Counter) Over(IBulletinStore inner)
        {
            var store = DispatchProxy.Create<IBulletinStore, CountingStore>();
            var counter = (CountingStore)(object)store;
            counter._inner = inner;
            return (store, counter);
        }

        public void Reset() => Volatile.Write(ref _calls, 0);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Interlocked.Increment(ref _calls);
            try
            {
                return targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is { } inner)
            {
                ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}
