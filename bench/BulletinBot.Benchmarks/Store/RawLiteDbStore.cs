using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using LiteDB;

namespace BulletinBot.Benchmarks.Store;

/// <summary>
/// The baseline: LiteDB's own bulk path with no logic of ours. The same items as plain
/// documents, <c>InsertBulk</c> into a collection that has only the date indexes that latest and
/// by-date need (start and end), and those two answered straight from them.
/// </summary>
internal sealed class RawLiteDbStore : IStoreBench
{
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _bulletins;

    public RawLiteDbStore(string file)
    {
        _database = new LiteDatabase(new ConnectionString { Filename = file, Connection = ConnectionType.Direct });
        _bulletins = _database.GetCollection("bulletins");
        _bulletins.EnsureIndex("date", "$.date");
        _bulletins.EnsureIndex("endDate", "$.endDate");
    }

    public void Ingest(IEnumerable<Bulletin> items, int batchSize) =>
        _bulletins.InsertBulk(items.Select(ToDocument), batchSize);

    public IReadOnlyList<string> Latest(int count) =>
        _bulletins.Query().OrderByDescending("$.date").Limit(count).ToList().Select(d => d["_id"].AsString).ToList();

    /// <summary>The same question the bot's <c>date</c> answers: the items dated within the range, and
    /// in the count also those that start before it and run into it ("January 22-23" for January 23),
    /// found as ours finds them, by an index of end dates (a range is at most
    /// <see cref="Bulletin.MaxDateSpanDays"/> days long).</summary>
    public (IReadOnlyList<string> Page, int Total) ByDate(DateRange range, int take)
    {
        var inRange = Query.Between("date", ToBson(range.From), ToBson(range.To));
        var page = _bulletins.Query().Where(inRange).OrderByDescending("$.date").Limit(take).ToList();
        var ending = Query.Between("endDate", ToBson(range.From), ToBson(range.From.AddDays(Bulletin.MaxDateSpanDays - 1)));
        var runningInto = _bulletins.Find(ending).Count(d => d["date"].IsDateTime && d["date"].AsDateTime < range.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        return (page.Select(d => d["_id"].AsString).ToList(), _bulletins.Count(inRange) + runningInto);
    }

    public void Dispose() => _database.Dispose();

    private static BsonDocument ToDocument(Bulletin bulletin) => new()
    {
        ["_id"] = bulletin.Id,
        ["source"] = bulletin.Source,
        ["title"] = bulletin.Title,
        ["paragraphs"] = new BsonArray(bulletin.Paragraphs.Select(p => new BsonValue(p))),
        ["date"] = bulletin.Date is { } date ? ToBson(date) : BsonValue.Null,
        ["endDate"] = bulletin.EndDate is { } end ? ToBson(end) : BsonValue.Null,
    };

    private static BsonValue ToBson(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}
