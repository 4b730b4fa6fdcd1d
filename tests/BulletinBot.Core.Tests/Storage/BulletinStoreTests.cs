using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

public sealed class BulletinStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Upserting_the_same_batch_twice_adds_nothing_the_second_time()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var batch = new[] { Item("One", Day(2018, 1, 1)), Item("Two", Day(2018, 1, 2)) };

        var first = store.UpsertBatch(batch);
        var second = store.UpsertBatch(batch);

        Assert.Equal(2, first.Added.Count);
        Assert.Empty(second.Added);
        Assert.Empty(second.Updated);
        Assert.Equal(2, second.Unchanged);
        Assert.Equal(2, store.Count());
    }

    [Fact]
    public void A_large_batch_of_new_changed_unchanged_and_repeated_items_is_sorted_out()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var items = Enumerable.Range(0, 2500).Select(i => Item($"Item {i}", Day(2010, 1, 1).AddDays(i))).ToList();
        store.UpsertBatch(items.Take(1500).ToList());

        var edited = items[1200] with { Paragraphs = ["Edited."] };
        var batch = items.Skip(1000).Select(b => b.Id == edited.Id ? edited : b).Append(items[2400]).ToList();
        var result = store.UpsertBatch(batch);

        Assert.Equal(1000, result.Added.Count);
        Assert.Equal([edited.Id], result.Updated.Select(b => b.Id));
        Assert.Equal(499 + 1, result.Unchanged);
        Assert.Equal(2500, store.Count());
        Assert.Equal(["Edited."], store.Get(edited.Id)!.Paragraphs);
    }

    [Fact]
    public void A_changed_body_updates_the_item_in_place()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var original = Item("One", Day(2018, 1, 1), "First text.");
        store.UpsertBatch([original]);

        var edited = original with { Paragraphs = ["Corrected text.", "And a new paragraph."] };
        var result = store.UpsertBatch([edited]);

        Assert.Empty(result.Added);
        Assert.Equal([edited.Id], result.Updated.Select(b => b.Id));
        Assert.Equal(1, store.Count());
        Assert.Equal(edited.Paragraphs, store.Get(original.Id)!.Paragraphs);
    }

    [Fact]
    public void Latest_is_newest_first_with_undated_items_last_and_pages_without_overlap()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        store.UpsertBatch(
        [
            Item("Middle", Day(2018, 5, 1)),
            Item("Undated", null),
            Item("Newest", Day(2019, 1, 1)),
            Item("Oldest", Day(2017, 1, 1)),
        ]);

        var firstPage = store.Latest(null, 2).Select(b => b.Title);
        var secondPage = store.Latest(BulletinStore.SortKey(store.Latest(null, 2)[1]), 2).Select(b => b.Title);

        Assert.Equal(["Newest", "Middle"], firstPage);
        Assert.Equal(["Oldest", "Undated"], secondPage);
    }

    [Fact]
    public void ByDate_returns_only_the_range_newest_first_and_counts_it()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        store.UpsertBatch(
        [
            Item("December", Day(2017, 12, 31)),
            Item("January 5", Day(2018, 1, 5)),
            Item("January 20", Day(2018, 1, 20)),
            Item("February", Day(2018, 2, 1)),
            Item("Undated", null),
        ]);
        var january = new DateRange(Day(2018, 1, 1), Day(2018, 1, 31));

        Assert.Equal(["January 20", "January 5"], store.ByDate(january, null, 10).Select(b => b.Title));
        Assert.Equal(2, store.CountByDate(january));
        Assert.Equal(["January 5"], store.ByDate(january, BulletinStore.SortKey(store.ByDate(january, null, 1)[0]), 10).Select(b => b.Title));
    }

    [Fact]
    public void An_id_prefix_finds_the_item_and_an_ambiguous_one_finds_all_candidates()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var items = Enumerable.Range(0, 200).Select(i => Item($"Item {i}", Day(2018, 1, 1).AddDays(i))).ToList();
        store.UpsertBatch(items);
        var target = items[42];

        Assert.Equal([target.Id], store.FindByIdPrefix(target.ShortId.ToUpperInvariant(), 5).Select(b => b.Id));
        var commonPrefix = items.GroupBy(b => b.Id[..1]).First(g => g.Count() > 1);
        Assert.True(store.FindByIdPrefix(commonPrefix.Key, 50).Count > 1);
        Assert.Empty(store.FindByIdPrefix("zzzzzzzz", 5));
    }

    [Fact]
    public void A_restart_finds_the_items_the_source_state_and_the_schema_version_on_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bulletins-{Guid.NewGuid():N}.db");
        try
        {
            var item = Item("Kept across restarts", Day(2018, 3, 3), "Paragraph one.", "Paragraph two.");
            using (var database = BulletinDatabase.Open(path))
            {
                new BulletinStore(database, _time).UpsertBatch([item], new SourceState("seeds/a.txt", "abc", 1, _time.GetUtcNow()));
            }

            using (var reopened = BulletinDatabase.Open(path))
            {
                var store = new BulletinStore(reopened, _time);
                Assert.Equal(item, store.Get(item.Id));
                Assert.Equal("abc", store.GetSource("seeds/a.txt")!.ContentHash);
                Assert.Equal(BulletinDatabase.SchemaVersion, reopened.Database.UserVersion);
                Assert.Empty(store.UpsertBatch([item]).Added);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Statistics_count_items_sources_undated_and_the_date_span()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        store.UpsertBatch([Item("A", Day(2018, 1, 1)), Item("B", Day(2019, 6, 1)), Item("C", null)]);

        var statistics = store.Statistics();

        Assert.Equal(3, statistics.Total);
        Assert.Equal(1, statistics.Undated);
        Assert.Equal(Day(2018, 1, 1), statistics.Oldest);
        Assert.Equal(Day(2019, 6, 1), statistics.Newest);
        Assert.Equal([new SourceCount("Test source", 3)], statistics.Sources);
    }
}
