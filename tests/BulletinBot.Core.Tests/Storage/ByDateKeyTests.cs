using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>
/// Listings, counts and statistics by date read the items' sort keys (the store keeps no index of start days since
/// schema 5): drawn sets of dated, ranged and undated items against the answers worked out from the items themselves.
/// </summary>
public sealed class ByDateKeyTests
{
    private const int PageSize = 3;
    private static readonly DateOnly First = new(2018, 1, 1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    /// <summary>An item's start as days after <see cref="First"/> (-1: undated) and the length of its range (0: a single day).</summary>
    private static readonly Gen<(int Start, int Span)> Shapes = Gen.Select(Gen.Int[-1, 60], Gen.Int[0, 3]);

    private static readonly Gen<DateRange> Ranges = Gen.Select(Gen.Int[-5, 65], Gen.Int[0, 20], (start, length) => new DateRange(First.AddDays(start), First.AddDays(start + length)));

    [Fact]
    public void Pages_counts_and_statistics_by_date_agree_with_the_items_themselves()
    {
        Gen.Select(Shapes.Array[0, 25], Ranges).Sample((shapes, range) =>
        {
            var items = shapes.Select(Item).ToList();
            using var database = BulletinDatabase.InMemory();
            var store = new BulletinStore(database, _time);
            store.UpsertBatch(items);

            // Those that start within the range first, then those that started before it and run into it; each part by key.
            var within = items.Where(b => b.Date >= range.From && b.Date <= range.To).OrderBy(BulletinStore.SortKey, StringComparer.Ordinal);
            var before = items.Where(b => b.Date < range.From && b.EndDate >= range.From).OrderBy(BulletinStore.SortKey, StringComparer.Ordinal);
            var expected = within.Concat(before).Select(b => b.Id).ToList();

            Assert.Equal(expected.Count, store.CountByDate(range));
            Assert.Equal(expected, Pages(store, range, items.Count));

            var days = items.Where(b => b.Date is not null).Select(b => b.Date!.Value).ToList();
            var statistics = store.Statistics();
            Assert.Equal(items.Count, statistics.Total);
            Assert.Equal(items.Count - days.Count, statistics.Undated);
            Assert.Equal(days.Count == 0 ? null : days.Min(), statistics.Oldest);
            Assert.Equal(days.Count == 0 ? null : days.Max(), statistics.Newest);
        }, iter: 300);
    }

    private static Bulletin Item((int Start, int Span) shape, int number)
    {
        var date = shape.Start < 0 ? (DateOnly?)null : First.AddDays(shape.Start);
        return TestData.Item($"Notice {number} of the consulate", date) with { EndDate = shape.Span > 0 ? date?.AddDays(shape.Span) : null };
    }

    /// <summary>Every page of the listing, each resumed after the last item shown; a listing that never ends fails.</summary>
    private static List<string> Pages(BulletinStore store, DateRange range, int items)
    {
        var ids = new List<string>();
        string? after = null;
        for (var pages = 0; pages <= (items / PageSize) + 1; pages++)
        {
            var page = store.ByDate(range, after, PageSize);
            ids.AddRange(page.Select(b => b.Id));
            if (page.Count < PageSize)
            {
                return ids;
            }

            after = BulletinStore.SortKey(page[^1]);
        }

        Assert.Fail($"The listing of {range} went on past {items} items.");
        return ids;
    }
}
