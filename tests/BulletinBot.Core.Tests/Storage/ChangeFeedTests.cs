using BulletinBot.Core.Storage;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>The change sequence on a real store file, across the restarts that matter.</summary>
public sealed class ChangeFeedTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bulletins-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Every_insert_and_change_takes_the_next_number_and_an_unchanged_item_none()
    {
        using var archive = new Archive(_path);
        archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2))]);
        archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2), "Edited body.")]);

        var changes = archive.Store.ChangesAfter(0, 10);

        Assert.Equal([1L, 3L], changes.Select(c => c.Sequence));
        Assert.Equal(["A", "B"], changes.Select(c => c.Bulletin.Title));
        Assert.Equal("Edited body.", changes[1].Bulletin.Paragraphs[0]);
        Assert.Equal(3, archive.Store.LastSequence());
    }

    [Fact]
    public void A_consumer_that_crashed_after_the_commit_resumes_from_its_recorded_position()
    {
        using (var archive = new Archive(_path))
        {
            archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2)), Item("C", Day(2020, 1, 3))]);
            var feed = Feed(archive);
            feed.Consume("outbox", 2, _ => { });

            // The store commits new items and the process dies before any consumer hears of them.
            archive.Store.UpsertBatch([Item("D", Day(2020, 1, 4))]);
        }

        using var restarted = new Archive(_path);
        var applied = new List<string>();
        var count = Feed(restarted).Consume("outbox", 100, changes => applied.AddRange(changes.Select(c => c.Bulletin.Title)));

        Assert.Equal(2, count);
        Assert.Equal(["C", "D"], applied);
        Assert.Empty(Feed(restarted).Pending("outbox", 100));
        Assert.Equal(4, Feed(restarted).Position("outbox"));
        Assert.Equal(4, Feed(restarted).Pending("index", 100).Count);
    }

    [Fact]
    public void A_consumer_that_fails_while_applying_keeps_its_position_and_its_writes_roll_back()
    {
        using var archive = new Archive(_path);
        archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1))]);
        var feed = Feed(archive);

        Assert.Throws<InvalidOperationException>(() => feed.Consume("outbox", 10, _ =>
        {
            archive.Checkpoints.Set("outbox-rows", 1);
            throw new InvalidOperationException("the platform is down");
        }));

        Assert.Equal(0, feed.Position("outbox"));
        Assert.Equal(0, archive.Checkpoints.Get("outbox-rows"));
        Assert.Single(feed.Pending("outbox", 10));
    }

    [Fact]
    public async Task The_search_index_follows_a_change_written_by_another_store_instance_on_the_same_file()
    {
        using var archive = new Archive(_path);
        await archive.IngestAsync(SeedsFolder);
        Assert.IsType<ErrorReply>(await archive.AskAsync("search zanzibar"));

        // A write that no observer hears of: the index catches up from the change sequence.
        archive.Store.UpsertBatch([Item("Talks in Zanzibar", Day(2018, 9, 1))]);

        Assert.Equal("Talks in Zanzibar", (await archive.ListAsync("search zanzibar")).Cards.Single().Title.PlainText);
        Assert.Equal(archive.Store.LastSequence(), archive.Search.AppliedSequence);
    }

    [Fact]
    public void A_schema_1_store_is_migrated_with_sort_keys_and_change_numbers()
    {
        using (var database = BulletinBot.Core.Storage.BulletinDatabase.Open(_path))
        {
            var store = new BulletinStore(database, TimeProvider.System);
            store.UpsertBatch([Item("Old", Day(2019, 1, 1)), Item("New", Day(2019, 2, 1)), Item("Undated", null)]);

            // Back to what schema 1 wrote: no sort key, no change number, no sequence.
            var bulletins = database.Database.GetCollection("bulletins");
            bulletins.DropIndex("sort");
            bulletins.DropIndex("seq");
            foreach (var document in bulletins.FindAll().ToList())
            {
                document.Remove("sort");
                document.Remove("seq");
                bulletins.Update(document);
            }

            database.Database.GetCollection("meta").DeleteAll();
            database.Database.UserVersion = 1;
        }

        using var archive = new Archive(_path);

        Assert.Equal(["New", "Old", "Undated"], archive.Store.Latest(null, 10).Select(b => b.Title));
        Assert.Equal(3, archive.Store.LastSequence());
        Assert.Equal(3, archive.Store.ChangesAfter(0, 10).Count);
        Assert.Equal(BulletinBot.Core.Storage.BulletinDatabase.SchemaVersion, archive.Database.Database.UserVersion);
    }

    private static ChangeFeed Feed(Archive archive) => new(archive.Database, archive.Store, archive.Checkpoints);
}
