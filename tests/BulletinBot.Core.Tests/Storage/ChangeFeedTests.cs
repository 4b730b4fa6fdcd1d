using BulletinBot.Core.Search.Query;
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
    public async Task The_search_index_follows_a_change_written_by_another_store_instance_on_the_same_database()
    {
        using var archive = new Archive(_path);
        await archive.IngestAsync(SeedsFolder);
        Assert.IsType<ErrorReply>(await archive.AskAsync("search zanzibar"));

        // A write that no observer hears of, through another store over the same database: the index
        // catches up from the change sequence, which the database keeps for every store over it.
        new BulletinStore(archive.Database, archive.Time).UpsertBatch([Item("Talks in Zanzibar", Day(2018, 9, 1))]);

        Assert.Equal("Talks in Zanzibar", (await archive.ListAsync("search zanzibar")).Cards.Single().Title.PlainText);
        Assert.Equal(archive.Store.LastSequence(), archive.Search.AppliedSequence);
    }

    [Fact]
    public void A_write_that_rolls_back_takes_no_number_and_the_next_commit_is_searchable_at_once()
    {
        using var archive = new Archive(_path);
        archive.Store.UpsertBatch([Item("Talks in Zanzibar", Day(2018, 9, 1))]);
        Assert.Single(archive.Search.Find(Query("zanzibar"), 0, 10).Hits);

        Assert.Throws<InvalidOperationException>(() => archive.Store.UpsertPages(
            [new PageWrite([Item("Talks in Mombasa", Day(2018, 9, 2))], null, () => throw new InvalidOperationException("the disk went away"))]));

        Assert.Equal(1, archive.Store.LastSequence());
        Assert.Empty(archive.Search.Find(Query("mombasa"), 0, 10).Hits);

        archive.Store.UpsertBatch([Item("Talks in Mombasa", Day(2018, 9, 2))]);
        Assert.Equal(2, archive.Store.LastSequence());
        Assert.Single(archive.Search.Find(Query("mombasa"), 0, 10).Hits);
    }

    [Fact]
    public async Task Searches_running_beside_a_writer_find_every_item_whose_write_had_returned()
    {
        const int Writes = 60;
        using var archive = new Archive(_path);
        var committed = 0;
        var misses = new System.Collections.Concurrent.ConcurrentBag<string>();

        void Search()
        {
            while (Volatile.Read(ref committed) is var done and < Writes)
            {
                if (done > 0 && archive.Search.Find(Query(Word(done)), 0, 10).Total == 0)
                {
                    misses.Add(Word(done));
                }
            }
        }

        var readers = new[] { Task.Run(Search), Task.Run(Search) };
        for (var n = 1; n <= Writes; n++)
        {
            archive.Store.UpsertBatch([Item($"Notice {Word(n)}", Day(2020, 1, 1).AddDays(n))]);
            Volatile.Write(ref committed, n);
        }

        await Task.WhenAll(readers);
        Assert.Empty(misses);
        Assert.Equal(Writes, archive.Store.LastSequence());
        Assert.Equal(Writes, archive.Search.Find(Query("notice"), 0, 10).Total);
    }

    private static SearchQuery Query(string text) => SearchQueryParser.Parse(text).Query!;

    // A word of consonants no stemmer shortens, one for each number.
    private static string Word(int n)
    {
        const string Letters = "bcdfghjklmnpqrtvwxz";
        var word = "zq";
        for (; n > 0; n /= Letters.Length)
        {
            word += Letters[n % Letters.Length];
        }

        return word;
    }

    private static ChangeFeed Feed(Archive archive) => new(archive.Database, archive.Store, archive.Checkpoints);
}
