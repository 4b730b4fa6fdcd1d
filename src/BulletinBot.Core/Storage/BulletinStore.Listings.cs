using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>The store's reads of items for listings: by id, latest, by date, per source, and all of them.</summary>
public sealed partial class BulletinStore
{
    public Bulletin? Get(string id)
    {
        return Guarded(() => _bulletins.FindById(id) is { } document ? FromDocument(document) : null);
    }

    /// <summary>Bulletins whose id starts with <paramref name="prefix"/>, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Bulletin> FindByIdPrefix(string prefix, int limit)
    {
        var normalised = prefix.Trim().ToLowerInvariant();
        return Guarded(() => _bulletins.Find(Query.StartsWith("_id", normalised), 0, limit).Select(FromDocument).ToList());
    }

    /// <summary>
    /// The position of <paramref name="bulletin"/> in every date-ordered listing: newest first, ties
    /// broken by id, undated items last. A listing resumes after the key of the last item it showed,
    /// so items stored meanwhile neither repeat nor push others off a page.
    /// </summary>
    public static string SortKey(Bulletin bulletin)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        return SortKey(bulletin.Date, bulletin.Id);
    }

    private static string SortKey(DateOnly? date, string id) =>
        $"{(date is { } day ? UndatedRank - 1 - day.DayNumber : UndatedRank):D7}:{id}";

    /// <summary>The newest bulletins first (undated ones after every dated one), after the item whose key is <paramref name="after"/>.</summary>
    public IReadOnlyList<Bulletin> Latest(string? after, int take, string? origin = null) => Guarded(() =>
        Of(_bulletins.Query().Where(Query.GT("sort", after ?? string.Empty)), origin)
            .OrderBy("sort")
            .Limit(take)
            .ToEnumerable()
            .Select(FromDocument)
            .ToList());

    /// <summary>
    /// Bulletins whose dates overlap <paramref name="range"/>, newest first, after the item whose key is <paramref name="after"/>:
    /// those that start within it, then those that start before it and end within or after it (see <see cref="DateOverlap"/>).
    /// </summary>
    public IReadOnlyList<Bulletin> ByDate(DateRange range, string? after, int take, string? origin = null)
    {
        var (low, high) = SortKeys(range);

        // One range on the sort index: with two conditions LiteDB may walk the index from the first key and filter
        // by the range, reading every older item's document (the benchmark's one-month page at 10k items: 55 ms, now 0.35 ms).
        var from = after is not null && string.CompareOrdinal(after, low) > 0 ? after : low;
        return Guarded(() =>
        {
            var within = Of(_bulletins.Query().Where(Query.Between("sort", from, high)), origin)
                .OrderBy("sort")
                .Limit(take + 1)
                .ToEnumerable()
                .Where(d => d["sort"].AsString != after)
                .Take(take)
                .Select(FromDocument)
                .ToList();
            return within.Count < take ? [.. within, .. DateOverlap.StartedBefore(_bulletins, range, after, take - within.Count, origin).Select(FromDocument)] : within;
        });
    }

    public int CountByDate(DateRange range, string? origin = null)
    {
        var (low, high) = SortKeys(range);
        return Guarded(() => (origin is null
            ? CountKeys(Query.Between("sort", low, high))
            : _bulletins.Count(Query.And(Query.Between("sort", low, high), Query.EQ(OriginField, origin))))
            + DateOverlap.CountStartedBefore(_bulletins, range, origin));
    }

    /// <summary>
    /// How many items have a sort key that <paramref name="range"/> (a condition on the sort key alone) accepts. The query
    /// asks for nothing but the key, so LiteDB answers it from the sort index and reads no item: a month of a large
    /// archive is thousands of items.
    /// </summary>
    private int CountKeys(BsonExpression range) => _bulletins.Query().Where(range).Select("$.sort").ToEnumerable().Count();

    /// <summary>
    /// The first and last possible sort keys of the items that start within <paramref name="range"/>: keys of its newest
    /// day come first, and "~" sorts after every id character.
    /// </summary>
    private static (string Low, string High) SortKeys(DateRange range) =>
        ($"{UndatedRank - 1 - range.To.DayNumber:D7}:", $"{UndatedRank - 1 - range.From.DayNumber:D7}:~");

    /// <summary>The items of one source: how many, and when a page of it was last stored.</summary>
    public SourceSummary Summarise(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return Guarded(() => new SourceSummary(origin, _bulletins.Count(Query.EQ(OriginField, origin)), Sources.LastStored(origin + "/")));
    }

    /// <summary>The query narrowed to the items of <paramref name="origin"/>, when one is given.</summary>
    private static ILiteQueryable<BsonDocument> Of(ILiteQueryable<BsonDocument> query, string? origin) =>
        origin is null ? query : query.Where(Query.EQ(OriginField, origin));

    public int Count() => Guarded(_bulletins.Count);

    /// <summary>Every bulletin, streamed in id order; for building the search index.</summary>
    public IEnumerable<Bulletin> All()
    {
        using var documents = Guarded(() => _bulletins.FindAll().GetEnumerator());
        while (Guarded(documents.MoveNext))
        {
            yield return Guarded(() => FromDocument(documents.Current));
        }
    }
}
