using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>A day, month or range query finds every item whose dates overlap it, not only those that start in it.</summary>
public sealed class DateOverlapTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static Core.Bulletins.Bulletin Ranged(string title, DateOnly from, DateOnly to) => Item(title, from) with { EndDate = to };

    [Fact]
    public void A_day_inside_an_items_range_finds_the_item()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        store.UpsertBatch([Ranged("Talks", Day(2018, 1, 22), Day(2018, 1, 23)), Item("Before", Day(2018, 1, 21)), Item("After", Day(2018, 1, 24))]);

        Assert.Equal(["Talks"], store.ByDate(DateRange.Day(Day(2018, 1, 23)), null, 10).Select(b => b.Title));
        Assert.Equal(1, store.CountByDate(DateRange.Day(Day(2018, 1, 23))));
        Assert.Equal(["Talks"], store.ByDate(DateRange.Day(Day(2018, 1, 22)), null, 10).Select(b => b.Title));
    }

    [Fact]
    public void A_month_finds_an_item_that_started_in_the_month_before_and_lists_it_after_those_that_start_within()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        store.UpsertBatch(
        [
            Ranged("New year meeting", Day(2017, 12, 30), Day(2018, 1, 2)),
            Item("December", Day(2017, 12, 20)),
            Ranged("Ended in December", Day(2017, 12, 1), Day(2017, 12, 31)),
            Item("January 5", Day(2018, 1, 5)),
            Item("January 20", Day(2018, 1, 20)),
            Item("February", Day(2018, 2, 1)),
        ]);
        var january = new DateRange(Day(2018, 1, 1), Day(2018, 1, 31));

        Assert.Equal(["January 20", "January 5", "New year meeting"], store.ByDate(january, null, 10).Select(b => b.Title));
        Assert.Equal(3, store.CountByDate(january));

        var first = store.ByDate(january, null, 2);
        var second = store.ByDate(january, BulletinStore.SortKey(first[^1]), 2);
        Assert.Equal(["January 20", "January 5"], first.Select(b => b.Title));
        Assert.Equal(["New year meeting"], second.Select(b => b.Title));
    }

    [Fact]
    public void A_range_query_finds_an_item_whose_range_straddles_its_start()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        store.UpsertBatch([Ranged("Summit", Day(2018, 3, 30), Day(2018, 4, 2)), Item("March", Day(2018, 3, 1))]);

        Assert.Equal(["Summit"], store.ByDate(new DateRange(Day(2018, 4, 1), Day(2018, 4, 30)), null, 10).Select(b => b.Title));
    }
}
