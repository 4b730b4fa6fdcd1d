using BulletinBot.Core.Announcing;
using BulletinBot.Core.Storage;

namespace BulletinBot.Postgres.Tests;

/// <summary>
/// The outbox shared by replicas: feeders on several replicas at once queue each change once, and a target's rows
/// become visible in number order, so a dispatcher that has read a target's queue never later finds a row below it.
/// </summary>
public sealed class PostgresOutboxTests
{
    private const int Total = 400;
    private static readonly DateTimeOffset Now = new(2020, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Feeders_racing_beside_a_writer_queue_each_change_once_and_a_follower_never_meets_a_row_below_one_it_saw()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var items = new PostgresBulletinStore(dataSource, TimeProvider.System);
        var outbox = new PostgresOutbox(dataSource, items);
        var target = AnnouncementTarget.ConfiguredKey(new DeliveryTarget("telegram", "-1001"));
        using var done = new CancellationTokenSource();

        var writer = Task.Run(() =>
        {
            var random = new Random(17);
            for (var next = 1; next <= Total;)
            {
                var size = Math.Min(random.Next(1, 9), Total - next + 1);
                items.UpsertPages([new PageWrite(Enumerable.Range(next, size).Select(ChangeSequenceTests.Item).ToList(), null)]);
                next += size;
            }
        });

        // Two consumers, as two features would be, each fed by two replicas at once; both queue for the same target,
        // so their transactions interleave on its queue. A consumer marks its rows by the edit flag.
        var feeders = new[] { "a", "a", "b", "b" }.Select(consumer => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                if (Feed(outbox, consumer, target) == 0)
                {
                    await Task.Delay(1);
                }
            }
        })).ToList();

        var violations = new List<string>();
        var follower = Task.Run(() =>
        {
            var known = new HashSet<long>();
            var highest = 0L;
            while (!done.IsCancellationRequested)
            {
                // Nothing is delivered here, so every row read once is read again; a new one below the highest seen committed late.
                var listing = outbox.Head(target, int.MaxValue);
                violations.AddRange(listing.Where(r => known.Add(r.Number) && r.Number < highest).Select(r => $"row {r.Number} appeared after {highest}"));
                highest = listing.Count > 0 ? Math.Max(highest, listing[^1].Number) : highest;
            }
        });

        await writer;
        while (Feed(outbox, "a", target) + Feed(outbox, "b", target) > 0)
        {
        }

        await done.CancelAsync();
        await Task.WhenAll([.. feeders, follower]);

        var rows = outbox.Head(target, int.MaxValue);
        Assert.Equal(2 * Total, rows.Count);
        Assert.Equal(2 * Total, outbox.Depth());
        var expected = Enumerable.Range(1, Total).Select(n => ChangeSequenceTests.Item(n).Id).ToList();
        Assert.Equal(expected, rows.Where(r => !r.Edit).Select(r => r.BulletinId));
        Assert.Equal(expected, rows.Where(r => r.Edit).Select(r => r.BulletinId));
        Assert.Empty(violations);
    }

    private static int Feed(PostgresOutbox outbox, string consumer, string target) =>
        outbox.FeedChanges(consumer, 7, changes => [new OutboxPlan(target, changes.Select(c => (c.Bulletin.Id, consumer == "b")).ToList())], Now);
}
