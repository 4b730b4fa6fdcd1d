using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The items that start before a date range and run into it ("January 22-23, 2018" for a query of January 23).
/// Their start keys sort after every key of the range, so a listing shows them after the items that start within
/// it and pages through them by the same key. An item's range is at most <see cref="MaxSpanDays"/> long (the page
/// parser reads no longer one), so such an item ends within that many days of the range's first day: they are
/// read through the index of end days, which only items with a range fill, rather than by start day (the sort key),
/// which would read every item of the year before the range.
/// </summary>
internal static class DateOverlap
{
    private const int MaxSpanDays = DateMention.MaxSpanDays;

    public static IEnumerable<BsonDocument> StartedBefore(ILiteCollection<BsonDocument> bulletins, DateRange range, string? after, int take, string? origin = null) =>
        Candidates(bulletins, range, origin)
            .Where(d => after is null || string.CompareOrdinal(d["sort"].AsString, after) > 0)
            .OrderBy(d => d["sort"].AsString, StringComparer.Ordinal)
            .Take(take);

    public static int CountStartedBefore(ILiteCollection<BsonDocument> bulletins, DateRange range, string? origin = null) => Candidates(bulletins, range, origin).Count();

    private static IEnumerable<BsonDocument> Candidates(ILiteCollection<BsonDocument> bulletins, DateRange range, string? origin)
    {
        var first = range.From.DayNumber;
        return bulletins.Find(Query.Between("end", first, first - 1 + MaxSpanDays))
            .Where(d => d["day"].IsInt32 && d["day"].AsInt32 < first)
            .Where(d => origin is null || (d[BulletinStore.OriginField].IsString && d[BulletinStore.OriginField].AsString == origin));
    }
}
