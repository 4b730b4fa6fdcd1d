using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>
/// The rules of <see cref="IBulletinStore"/>, run against every implementation: the embedded LiteDB store and the
/// PostgreSQL one. A subclass says only how to make an empty store.
/// </summary>
public abstract partial class BulletinStoreContract : IAsyncLifetime
{
    private const string Source = "Cuba in USA";

    protected IBulletinStore Store { get; private set; } = null!;

    protected abstract Task<IBulletinStore> CreateAsync();

    protected abstract Task DestroyAsync();

    public async Task InitializeAsync() => Store = await CreateAsync();

    public Task DisposeAsync() => DestroyAsync();

    [Fact]
    public void New_items_take_change_numbers_in_page_order_and_an_unchanged_page_takes_none()
    {
        var items = new[] { Item(1, 2018, 7, 11), Item(2, 2018, 7, 12), Item(3, 2018, 7, 13) };

        var first = Store.UpsertPages([new PageWrite(items, null)])[0];
        var again = Store.UpsertPages([new PageWrite(items, null)])[0];

        Assert.Equal(items, first.Added);
        Assert.Equal(3, again.Unchanged);
        Assert.Empty(again.Added);
        Assert.Equal(3, Store.LastSequence());
        Assert.Equal(items.Select(i => i.Id), Store.ChangesAfter(0, 10).Select(c => c.Bulletin.Id));
        Assert.Equal([1L, 2L, 3L], Store.ChangesAfter(0, 10).Select(c => c.Sequence));
        Assert.Equal([2L], Store.ChangesAfter(1, 1).Select(c => c.Sequence));
    }

    [Fact]
    public void An_edited_body_is_one_update_with_a_new_number()
    {
        var item = Item(1, 2018, 7, 11);
        Store.UpsertPages([new PageWrite([item], null)]);

        var edited = item with { Paragraphs = ["July 11, 2018. The embassy corrected this body."] };
        var result = Store.UpsertPages([new PageWrite([edited], null)])[0];

        Assert.Equal([edited], result.Updated);
        var change = Assert.Single(Store.ChangesAfter(1, 10));
        Assert.True(change.IsEdit);
        Assert.Equal(2, change.Sequence);
        Assert.Equal(edited, Store.Get(item.Id));
        Assert.Equal(1, Store.Count());
    }

    [Fact]
    public void An_edited_title_keeps_the_stored_id()
    {
        var item = new Bulletin(
            "cuban-doctor-claimed-by-interpol", Source, "Cuban doctor claimed by Interpol released in Brazil",
            ["March 3, 2019. A Cuban doctor claimed by Interpol was released by a court in Brazil."], new DateOnly(2019, 3, 3));
        Store.UpsertPages([new PageWrite([item], null)]);

        var corrected = item with { Id = "cuban-doctor-wanted-by-interpol", Title = "Cuban doctor wanted by Interpol released in Brazil" };
        var result = Store.UpsertPages([new PageWrite([corrected], null)])[0];

        var stored = Assert.Single(result.Updated);
        Assert.Equal(item.Id, stored.Id);
        Assert.Equal(1, Store.Count());
        Assert.Equal(corrected.Title, Store.Get(item.Id)!.Title);
        Assert.Null(Store.Get(corrected.Id));
    }

    [Fact]
    public void Two_close_but_different_items_of_one_page_stay_two()
    {
        var morning = new Bulletin("talks-on-migration-1", Source, "Cuba and the US hold talks on migration", ["January 11, 2018. Round one."], new DateOnly(2018, 1, 11));
        var evening = new Bulletin("talks-on-migration-2", Source, "Cuba and the US hold talks on migration again", ["January 11, 2018. Round two."], new DateOnly(2018, 1, 11));

        var result = Store.UpsertPages([new PageWrite([morning, evening], null)])[0];

        Assert.Equal(2, result.Added.Count);
        Assert.Equal(2, Store.Count());
    }

    [Fact]
    public void Latest_lists_newest_first_with_undated_items_last_and_pages_by_sort_key()
    {
        var items = new[] { Item(1, 2017, 1, 5), Item(2, 2019, 4, 1), Item(3, null, null, null), Item(4, 2018, 6, 30) };
        Store.UpsertPages([new PageWrite(items, null)]);

        var firstPage = Store.Latest(null, 2);
        var secondPage = Store.Latest(BulletinStore.SortKey(firstPage[^1]), 5);

        Assert.Equal(["item-2", "item-4"], firstPage.Select(b => b.Id));
        Assert.Equal(["item-1", "item-3"], secondPage.Select(b => b.Id));
    }

    [Fact]
    public void A_day_finds_every_item_whose_range_overlaps_it()
    {
        var ranged = Item(1, 2018, 1, 22) with { EndDate = new DateOnly(2018, 1, 23) };
        var sameDay = Item(2, 2018, 1, 23);
        var before = Item(3, 2018, 1, 21);
        var after = Item(4, 2018, 1, 24);
        Store.UpsertPages([new PageWrite([ranged, sameDay, before, after], null)]);

        var day = DateRange.Day(new DateOnly(2018, 1, 23));

        Assert.Equal(["item-2", "item-1"], Store.ByDate(day, null, 10).Select(b => b.Id));
        Assert.Equal(2, Store.CountByDate(day));
        Assert.Equal(["item-1"], Store.ByDate(day, BulletinStore.SortKey(sameDay), 10).Select(b => b.Id));
        var january = new DateRange(new DateOnly(2018, 1, 1), new DateOnly(2018, 1, 31));
        Assert.Equal(4, Store.CountByDate(january));
        Assert.Equal(["item-4", "item-2", "item-1", "item-3"], Store.ByDate(january, null, 10).Select(b => b.Id));
    }

    [Fact]
    public void Ids_are_found_by_prefix_and_by_whole_id()
    {
        Store.UpsertPages([new PageWrite([Item(1, 2018, 1, 1), Item(2, 2018, 1, 2), Item(12, 2018, 1, 3)], null)]);

        Assert.Equal(["item-1", "item-12"], Store.FindByIdPrefix("ITEM-1", 10).Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.Single(Store.FindByIdPrefix("item-1", 1));
        Assert.Equal("item-2", Store.Get("item-2")!.Id);
        Assert.Null(Store.Get("item-9"));
    }

    [Fact]
    public void A_source_state_is_written_with_its_page()
    {
        var at = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
        Store.UpsertPages(
        [
            new PageWrite([Item(1, 2018, 1, 1)], new SourceState("seeds/usa.txt", "hash-a", 1, at)),
            new PageWrite([], new SourceState("seeds/articles.txt", "hash-b", 0, at)),
            new PageWrite([], new SourceState("web/feed", "hash-c", 0, at)),
        ]);

        var state = Store.GetSource("seeds/usa.txt");
        Assert.Equal(new SourceState("seeds/usa.txt", "hash-a", 1, at), state);
        Assert.Null(Store.GetSource("seeds/none.txt"));
        Assert.Equal(
            new Dictionary<string, string> { ["seeds/usa.txt"] = "hash-a", ["seeds/articles.txt"] = "hash-b" },
            Store.SourceHashes("seeds/"));
    }

    [Fact]
    public void Statistics_count_items_dates_and_sources()
    {
        Store.UpsertPages([new PageWrite([Item(1, 2017, 3, 1), Item(2, 2019, 5, 2), Item(3, null, null, null)], null)]);
        Store.UpsertPages([new PageWrite([Item(4, 2018, 1, 1) with { Source = "Cuba in Canada" }], null)]);

        var statistics = Store.Statistics();

        Assert.Equal(4, statistics.Total);
        Assert.Equal(1, statistics.Undated);
        Assert.Equal(new DateOnly(2017, 3, 1), statistics.Oldest);
        Assert.Equal(new DateOnly(2019, 5, 2), statistics.Newest);
        Assert.Equal([new SourceCount(Source, 3), new SourceCount("Cuba in Canada", 1)], statistics.Sources);
    }

    [Fact]
    public void The_identity_is_kept_and_every_item_is_streamed()
    {
        var identity = Store.Identity();
        Store.UpsertPages([new PageWrite(Enumerable.Range(1, 1_234).Select(n => Item(n, 2018, 1 + (n % 12), 1 + (n % 28))).ToList(), null)]);

        Assert.Equal(identity, Store.Identity());
        Assert.Equal(32, identity.Length);
        Assert.Equal(1_234, Store.All().Select(b => b.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_follower_beside_concurrent_writers_sees_every_change_once_and_in_order()
    {
        const int total = 10_000;
        var next = 0;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var random = new Random(w * 7919 + Environment.TickCount);
            while (true)
            {
                var size = random.Next(1, 9);
                var first = Interlocked.Add(ref next, size) - size;
                if (first >= total)
                {
                    return;
                }

                var items = Enumerable.Range(first, Math.Min(size, total - first))
                    .Select(n => new Bulletin($"change-{n:D6}", Source, $"Change {n}", [$"Body {n}."], null))
                    .ToList();
                Store.UpsertPages([new PageWrite(items, null)]);
            }
        })).ToList();

        long position = 0;
        var seen = 0;
        var writing = Task.WhenAll(writers);
        while (seen < total)
        {
            var changes = Store.ChangesAfter(position, 250);
            foreach (var change in changes)
            {
                // Skipped or seen twice would both break this: every number comes right after the one before.
                Assert.Equal(position + 1, change.Sequence);
                position = change.Sequence;
                seen++;
            }

            if (changes.Count == 0)
            {
                Assert.False(writing.IsFaulted, writing.Exception?.ToString());
                if (writing.IsCompleted && Store.ChangesAfter(position, 1).Count == 0)
                {
                    break;
                }

                await Task.Yield();
            }
        }

        await writing;
        Assert.Equal(total, seen);
        Assert.Equal(total, Store.LastSequence());
    }

    private static Bulletin Item(int n, int? year, int? month, int? day) => new(
        $"item-{n}",
        Source,
        $"Item number {n} of the embassy",
        [$"Paragraph of item {n}, about topic {n * 7919 % 1000}."],
        year is { } y ? new DateOnly(y, month!.Value, day!.Value) : null);
}
