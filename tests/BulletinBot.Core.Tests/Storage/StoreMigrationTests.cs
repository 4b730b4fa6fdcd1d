using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>The schema of a store file as an open finds it: migrated from an older one, refused when newer.</summary>
public sealed class StoreMigrationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bulletins-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_schema_1_store_is_migrated_with_sort_keys_and_change_numbers()
    {
        using (var database = BulletinDatabase.Open(_path))
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
        Assert.Equal(BulletinDatabase.SchemaVersion, archive.Database.Database.UserVersion);
    }

    [Fact]
    public void A_schema_3_store_gets_its_items_sketched_and_finds_an_edit_of_an_item_stored_before()
    {
        var day = Day(2018, 11, 6);
        var original = Item("Cuban doctor claimed by Interpol arrives in Havana", day);
        using (var database = BulletinDatabase.Open(_path))
        {
            var store = new BulletinStore(database, TimeProvider.System);
            store.UpsertBatch([original, Item("Embassy celebrates culture day", day), Item("Undated notice", null)]);

            // Back to what schema 3 wrote: no sketches, an index of items by source and day.
            database.Database.DropCollection("sketches");
            database.Database.GetCollection("bulletins").EnsureIndex("sourceDay", "$.source + '|' + STRING($.day)");
            database.Database.UserVersion = 3;
        }

        using var archive = new Archive(_path);
        var edit = archive.Store.UpsertBatch([Item("Cuban doctor wanted by Interpol arrives in Havana", day)]);

        Assert.Equal(original.Id, Assert.Single(edit.Updated).Id);
        // Both dated items, of one source and day, in one sketch document; the undated one is not sketched.
        var sketched = Assert.Single(archive.Database.Database.GetCollection("sketches").FindAll());
        Assert.Equal(2, sketched["items"].AsArray.Count);
        Assert.DoesNotContain("sourceDay", IndexesOfItems(archive.Database));
        Assert.Equal(BulletinDatabase.SchemaVersion, archive.Database.Database.UserVersion);
    }

    [Fact]
    public void A_schema_4_store_loses_its_index_of_start_days_and_still_lists_and_counts_by_date()
    {
        var january = new DateRange(Day(2018, 1, 1), Day(2018, 1, 31));
        using (var database = BulletinDatabase.Open(_path))
        {
            var store = new BulletinStore(database, TimeProvider.System);
            store.UpsertBatch([Item("December", Day(2017, 12, 31)), Item("January 5", Day(2018, 1, 5)), Item("January 20", Day(2018, 1, 20)), Item("Undated", null)]);
            Assert.DoesNotContain("day", IndexesOfItems(database));

            // Back to what schema 4 wrote: an index of start days.
            database.Database.GetCollection("bulletins").EnsureIndex("day", "$.day");
            database.Database.UserVersion = 4;
        }

        using var archive = new Archive(_path);

        var indexes = IndexesOfItems(archive.Database);
        Assert.DoesNotContain("day", indexes);
        Assert.Contains("sort", indexes);
        Assert.Equal(["January 20", "January 5"], archive.Store.ByDate(january, null, 10).Select(b => b.Title));
        Assert.Equal(2, archive.Store.CountByDate(january));
        var statistics = archive.Store.Statistics();
        Assert.Equal(Day(2017, 12, 31), statistics.Oldest);
        Assert.Equal(Day(2018, 1, 20), statistics.Newest);
        Assert.Equal(1, statistics.Undated);
        Assert.Equal(BulletinDatabase.SchemaVersion, archive.Database.Database.UserVersion);
    }

    private static List<string> IndexesOfItems(BulletinDatabase database) =>
        [.. database.Database.GetCollection("$indexes").Find(LiteDB.Query.EQ("collection", "bulletins")).Select(d => d["name"].AsString)];

    [Fact]
    public void Sketching_a_store_in_chunks_sketches_every_dated_item_once()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, TimeProvider.System);
        var items = Enumerable.Range(0, 11).Select(i => Item($"Notice number {i} of the consulate", i % 3 == 0 ? null : Day(2019, 1, 1 + (i % 4)))).ToList();
        store.UpsertBatch(items);
        var bulletins = database.Database.GetCollection("bulletins");

        ItemSketches.Build(database.Database, bulletins, chunk: 2);

        var sketched = database.Database.GetCollection("sketches").FindAll().SelectMany(d => d["items"].AsArray.Select(e => e["i"].AsString)).Order().ToList();
        Assert.Equal(items.Where(i => i.Date is not null).Select(i => i.Id).Order(), sketched);
    }

    [Fact]
    public void A_store_written_by_a_newer_schema_is_refused_with_a_clear_message()
    {
        using (var database = BulletinDatabase.Open(_path))
        {
            database.Database.UserVersion = BulletinDatabase.SchemaVersion + 1;
        }

        var error = Assert.Throws<StorageException>(() => BulletinDatabase.Open(_path));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }
}
