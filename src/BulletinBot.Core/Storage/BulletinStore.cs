using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>The store of record for bulletins and for what each source last delivered.</summary>
public sealed class BulletinStore(BulletinDatabase database, TimeProvider time)
{
    private readonly ILiteCollection<BsonDocument> _bulletins = database.Database.GetCollection(BulletinDatabase.Bulletins);
    private readonly ILiteCollection<BsonDocument> _sources = database.Database.GetCollection(BulletinDatabase.Sources);
    private readonly Lock _writeLock = new();

    /// <summary>
    /// Inserts new bulletins and updates changed ones, all in one transaction together with the
    /// source's new state, so a crash leaves either the whole batch or none of it.
    /// </summary>
    public UpsertResult UpsertBatch(IReadOnlyList<Bulletin> bulletins, SourceState? source = null)
    {
        ArgumentNullException.ThrowIfNull(bulletins);
        var added = new List<Bulletin>();
        var updated = new List<Bulletin>();
        var unchanged = 0;
        var now = time.GetUtcNow().UtcDateTime;
        var db = database.Database;

        lock (_writeLock)
        {
            db.BeginTrans();
            try
            {
                foreach (var bulletin in bulletins)
                {
                    var existing = _bulletins.FindById(bulletin.Id);
                    if (existing is null)
                    {
                        _bulletins.Insert(ToDocument(bulletin, now, now));
                        added.Add(bulletin);
                    }
                    else if (!FromDocument(existing).Equals(bulletin))
                    {
                        _bulletins.Update(ToDocument(bulletin, existing["firstSeen"].AsDateTime, now));
                        updated.Add(bulletin);
                    }
                    else
                    {
                        unchanged++;
                    }
                }

                if (source is not null)
                {
                    _sources.Upsert(new BsonDocument
                    {
                        ["_id"] = source.Name,
                        ["hash"] = source.ContentHash,
                        ["items"] = source.ItemCount,
                        ["at"] = source.IngestedAt.UtcDateTime,
                    });
                }

                db.Commit();
            }
            catch
            {
                db.Rollback();
                throw;
            }
        }

        return new UpsertResult(added, updated, unchanged);
    }

    public SourceState? GetSource(string name)
    {
        var document = _sources.FindById(name);
        return document is null
            ? null
            : new SourceState(
                document["_id"].AsString,
                document["hash"].AsString,
                document["items"].AsInt32,
                new DateTimeOffset(DateTime.SpecifyKind(document["at"].AsDateTime, DateTimeKind.Utc)));
    }

    public Bulletin? Get(string id)
    {
        var document = _bulletins.FindById(id);
        return document is null ? null : FromDocument(document);
    }

    /// <summary>Bulletins whose id starts with <paramref name="prefix"/>, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Bulletin> FindByIdPrefix(string prefix, int limit)
    {
        var normalised = prefix.Trim().ToLowerInvariant();
        return _bulletins.Find(Query.StartsWith("_id", normalised), 0, limit).Select(FromDocument).ToList();
    }

    /// <summary>The newest bulletins first; undated ones come after every dated one.</summary>
    public IReadOnlyList<Bulletin> Latest(int skip, int take) =>
        _bulletins.Query().OrderByDescending("day").Skip(skip).Limit(take).ToEnumerable().Select(FromDocument).ToList();

    /// <summary>Bulletins dated within <paramref name="range"/>, newest first.</summary>
    public IReadOnlyList<Bulletin> ByDate(DateRange range, int skip, int take) =>
        _bulletins.Query()
            .Where(Query.Between("day", range.From.DayNumber, range.To.DayNumber))
            .OrderByDescending("day")
            .Skip(skip)
            .Limit(take)
            .ToEnumerable()
            .Select(FromDocument)
            .ToList();

    public int CountByDate(DateRange range) =>
        _bulletins.Count(Query.Between("day", range.From.DayNumber, range.To.DayNumber));

    public int Count() => _bulletins.Count();

    /// <summary>Every bulletin, streamed in id order; for building the search index.</summary>
    public IEnumerable<Bulletin> All() => _bulletins.FindAll().Select(FromDocument);

    public StoreStatistics Statistics()
    {
        var total = _bulletins.Count();
        var undated = _bulletins.Count(Query.EQ("day", BsonValue.Null));
        var newest = _bulletins.Query().Where("$.day != null").OrderByDescending("day").Limit(1).ToEnumerable().FirstOrDefault();
        var oldest = _bulletins.Query().Where("$.day != null").OrderBy("day").Limit(1).ToEnumerable().FirstOrDefault();
        var sources = _bulletins.Query().GroupBy("$.source").Select("{ source: @key, n: COUNT(*) }").ToEnumerable()
            .Select(d => new SourceCount(d["source"].AsString, d["n"].AsInt32))
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Source, StringComparer.Ordinal)
            .ToList();
        return new StoreStatistics(
            total,
            undated,
            oldest is null ? null : DateOnly.FromDayNumber(oldest["day"].AsInt32),
            newest is null ? null : DateOnly.FromDayNumber(newest["day"].AsInt32),
            sources);
    }

    internal static BsonDocument ToDocument(Bulletin bulletin, DateTime firstSeen, DateTime updated) => new()
    {
        ["_id"] = bulletin.Id,
        ["source"] = bulletin.Source,
        ["title"] = bulletin.Title,
        ["paras"] = new BsonArray(bulletin.Paragraphs.Select(p => new BsonValue(p))),
        ["day"] = bulletin.Date is { } day ? day.DayNumber : BsonValue.Null,
        ["end"] = bulletin.EndDate is { } end ? end.DayNumber : BsonValue.Null,
        ["firstSeen"] = firstSeen,
        ["updated"] = updated,
    };

    internal static Bulletin FromDocument(BsonDocument document) => new(
        document["_id"].AsString,
        document["source"].AsString,
        document["title"].AsString,
        document["paras"].AsArray.Select(p => p.AsString).ToArray(),
        document["day"].IsNull ? null : DateOnly.FromDayNumber(document["day"].AsInt32),
        document["end"].IsNull ? null : DateOnly.FromDayNumber(document["end"].AsInt32));
}

public sealed record UpsertResult(IReadOnlyList<Bulletin> Added, IReadOnlyList<Bulletin> Updated, int Unchanged);

/// <summary>What a source last delivered: a hash of its content, so an unchanged source is skipped cheaply.</summary>
public sealed record SourceState(string Name, string ContentHash, int ItemCount, DateTimeOffset IngestedAt);

public sealed record SourceCount(string Source, int Count);

public sealed record StoreStatistics(int Total, int Undated, DateOnly? Oldest, DateOnly? Newest, IReadOnlyList<SourceCount> Sources);
