using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>Items and the configured source they came from (<see cref="Bulletin.Origin"/>): kept, filtered by, summed up.</summary>
public abstract partial class BulletinStoreContract
{
    private const string Wire = "https://wire.example/news";

    [Fact]
    public void An_item_keeps_its_source_and_listings_filter_by_it()
    {
        var seeds = Item(1, 2018, 7, 11) with { Origin = "seeds" };
        var wire = Item(2, 2018, 7, 12) with { Origin = Wire };
        var alsoWire = Item(3, 2018, 6, 1) with { Origin = Wire };
        Store.UpsertPages([new PageWrite([seeds, wire, alsoWire], new SourceState("seeds/a.txt", "h", 3, new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)))]);

        Assert.Equal(Wire, Store.Get(wire.Id)!.Origin);
        Assert.Equal([wire.Id, alsoWire.Id], Store.Latest(null, 10, Wire).Select(b => b.Id));
        Assert.Equal([alsoWire.Id], Store.Latest(BulletinStore.SortKey(wire), 10, Wire).Select(b => b.Id));
        Assert.Equal([seeds.Id], Store.Latest(null, 10, "seeds").Select(b => b.Id));
        Assert.Empty(Store.Latest(null, 10, "nowhere"));

        var july = new DateRange(new DateOnly(2018, 7, 1), new DateOnly(2018, 7, 31));
        Assert.Equal([wire.Id], Store.ByDate(july, null, 10, Wire).Select(b => b.Id));
        Assert.Equal(1, Store.CountByDate(july, Wire));
        Assert.Equal(2, Store.CountByDate(july));
        Assert.Equal(Wire, Store.ChangesAfter(0, 10).Single(c => c.Bulletin.Id == wire.Id).Bulletin.Origin);
    }

    [Fact]
    public void A_source_is_summed_up_by_its_items_and_its_last_stored_page()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        Store.UpsertPages(
        [
            new PageWrite([Item(1, 2018, 7, 11) with { Origin = "seeds" }], new SourceState("seeds/a.txt", "h1", 1, at)),
            new PageWrite([Item(2, 2018, 7, 12) with { Origin = "seeds" }], new SourceState("seeds/b.txt", "h2", 1, at.AddHours(2))),
            new PageWrite([Item(3, 2018, 7, 13) with { Origin = Wire }], new SourceState($"{Wire}/{Wire}", "h3", 1, at.AddHours(1))),
        ]);

        Assert.Equal(new SourceSummary("seeds", 2, at.AddHours(2)), Store.Summarise("seeds"));
        Assert.Equal(new SourceSummary(Wire, 1, at.AddHours(1)), Store.Summarise(Wire));
        Assert.Equal(new SourceSummary("nowhere", 0, null), Store.Summarise("nowhere"));
    }

    [Fact]
    public void An_item_of_another_source_keeps_the_first_and_one_without_learns_it_without_a_change_number()
    {
        var item = Item(1, 2018, 7, 11);
        Store.UpsertPages([new PageWrite([item], null)]);

        // Stored before items recorded their source: read again unchanged, it learns it and takes no number.
        var learned = Store.UpsertPages([new PageWrite([item with { Origin = "seeds" }], null)])[0];
        Assert.Equal(1, learned.Unchanged);
        Assert.Equal(1, Store.LastSequence());
        Assert.Equal("seeds", Store.Get(item.Id)!.Origin);

        // The same item from a second source stays the first's, unchanged.
        var again = Store.UpsertPages([new PageWrite([item with { Origin = Wire }], null)])[0];
        Assert.Equal(1, again.Unchanged);
        Assert.Equal(1, Store.LastSequence());
        Assert.Equal("seeds", Store.Get(item.Id)!.Origin);
    }
}
