using BulletinBot.Core.Announcing;
using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>Each target's queue of pending rows, read from the queue index over a real in-memory store.</summary>
public sealed class OutboxQueueTests
{
    private static readonly DateTimeOffset Now = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_target_reads_its_own_pending_rows_oldest_first_and_not_those_of_a_target_whose_key_it_begins()
    {
        using var database = BulletinDatabase.InMemory();
        var checkpoints = new CheckpointStore(database);
        var targets = new TargetStore(database, checkpoints);
        var outbox = new Outbox(database, checkpoints, targets, new ChangeFeed(database, new BulletinStore(database, TimeProvider.System), checkpoints));
        var chat = AnnouncementTarget.ConfiguredKey(new DeliveryTarget("telegram", "-1001"));
        var topic = AnnouncementTarget.ConfiguredKey(new DeliveryTarget("telegram", "-1001", "55"));
        outbox.Enqueue(chat, [("a", false), ("b", false)], Now);
        outbox.Enqueue(topic, [("x", false)], Now);
        outbox.Enqueue(chat, Enumerable.Range(0, 12).Select(i => ($"c{i}", false)), Now);

        Assert.Equal(["a", "b", "c0"], outbox.Head(chat, 3).Select(r => r.BulletinId));
        Assert.Equal(["x"], outbox.Head(topic, 10).Select(r => r.BulletinId));

        outbox.MarkDelivered(outbox.Head(chat, 2), "m1", Now);

        Assert.Equal("c0", outbox.Head(chat, 1).Single().BulletinId);
        Assert.Equal(12, outbox.Counts(chat).Pending);
        Assert.Equal(1, outbox.Counts(topic).Pending);
        Assert.Equal(13, outbox.Depth());
    }

    [Fact]
    public void Pending_rows_of_a_store_written_before_the_queue_key_are_queued_when_the_outbox_opens()
    {
        using var database = BulletinDatabase.InMemory();

        // An outbox as the build before wrote it: rows without a queue key, found through the pending index.
        var rows = database.Database.GetCollection(Outbox.Collection);
        rows.EnsureIndex("pending", "$.pending");
        rows.EnsureIndex("target", "$.target");
        rows.Insert(Row(1, "cfg:discord:42:", "a", pending: false));
        rows.Insert(Row(2, "cfg:discord:42:", "b", pending: true));
        rows.Insert(Row(3, "cfg:discord:7:", "c", pending: true));
        rows.Insert(Row(4, "cfg:discord:42:", "d", pending: true));

        var checkpoints = new CheckpointStore(database);
        var outbox = new Outbox(database, checkpoints, new TargetStore(database, checkpoints), new ChangeFeed(database, new BulletinStore(database, TimeProvider.System), checkpoints));

        Assert.Equal(["b", "d"], outbox.Head("cfg:discord:42:", 10).Select(r => r.BulletinId));
        Assert.Equal(["c"], outbox.Head("cfg:discord:7:", 10).Select(r => r.BulletinId));
        Assert.Equal(3, outbox.Depth());
        var indexes = database.Database.GetCollection("$indexes").Find(Query.EQ("collection", Outbox.Collection)).Select(d => d["name"].AsString);
        Assert.Equal(["_id", "queue"], indexes.Order(StringComparer.Ordinal));
    }

    private static BsonDocument Row(long number, string target, string item, bool pending) => new()
    {
        ["_id"] = number,
        ["target"] = target,
        ["item"] = item,
        ["edit"] = false,
        ["pending"] = pending,
        ["due"] = Now.UtcDateTime,
        ["attempts"] = 0,
        ["batch"] = BsonValue.Null,
        ["error"] = BsonValue.Null,
    };
}
