using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The store of record for bulletins and their change sequence. Every insert or change of an item takes
/// the next number of the store's change sequence in the same transaction, so a consumer that records the
/// last number it applied (the search index, the announcement outbox) catches up after a crash without
/// missing or repeating a change. What each source last delivered is kept by <see cref="Sources"/>, and
/// the schema is brought up to date by <see cref="StoreMigration"/>.
/// </summary>
public sealed partial class BulletinStore(BulletinDatabase database, TimeProvider time) : IBulletinStore
{
    internal const string SequenceKey = "sequence";
    private const string IdentityKey = "identity";
    private const string EditedField = "edited";
    internal const string OriginField = "origin";

    /// <summary>Above every day number (DateOnly.MaxValue is day 3,652,058); undated items sort after all dated ones.</summary>
    private const int UndatedRank = 9_999_999;

    /// <summary>The sort keys of undated items start with this, after every dated item's.</summary>
    private static readonly string UndatedPrefix = $"{UndatedRank:D7}:";

    private readonly ILiteCollection<BsonDocument> _bulletins = database.Database.GetCollection(BulletinDatabase.Bulletins);
    private readonly ILiteCollection<BsonDocument> _meta = database.Database.GetCollection(BulletinDatabase.Meta);
    private readonly Lock _writeLock = new();

    /// <summary>What each source last delivered; written with its page by <see cref="UpsertPages"/>.</summary>
    public SourceStateStore Sources { get; } = new(database);

    /// <summary>
    /// Inserts new bulletins and updates changed ones, all in one transaction together with the
    /// source's new state and their change sequence numbers, so a crash leaves either the whole
    /// batch or none of it.
    /// </summary>
    public UpsertResult UpsertBatch(IReadOnlyList<Bulletin> bulletins, SourceState? source = null)
    {
        ArgumentNullException.ThrowIfNull(bulletins);
        return UpsertPages([new PageWrite(bulletins, source)])[0];
    }

    /// <summary>
    /// Stores several pages in one transaction: each page's items (inserted, updated, or left as they are),
    /// its source's new state and whatever it writes alongside, and the change numbers of them all. A crash
    /// leaves every page of the call stored with its state, or none: a page is never stored without the
    /// state that says it was read, nor the state without the page. One commit for many small pages is what
    /// makes a first start over a folder of pages fast; the result has one entry per page, in order.
    /// </summary>
    public IReadOnlyList<UpsertResult> UpsertPages(IReadOnlyList<PageWrite> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return Guarded(() => WritePages(pages));
    }

    private UpsertResult[] WritePages(IReadOnlyList<PageWrite> pages)
    {
        var results = new UpsertResult[pages.Count];
        var now = time.GetUtcNow().UtcDateTime;

        lock (_writeLock)
        {
            long sequence;
            try
            {
                sequence = database.InTransaction(() =>
                {
                    var next = ReadSequence();
                    var start = next;
                    for (var i = 0; i < pages.Count; i++)
                    {
                        results[i] = Write(pages[i], now, ref next);
                    }

                    if (next != start)
                    {
                        _meta.Upsert(new BsonDocument { ["_id"] = SequenceKey, ["value"] = next });
                    }

                    return next;
                });
            }
            catch
            {
                // A commit that failed after its pages reached the file still counts: the file says which.
                database.RaiseSequence(ReadSequenceOrUnknown());
                throw;
            }

            database.RaiseSequence(sequence);
        }

        return results;
    }

    /// <summary>One page's part of <see cref="UpsertPages"/>, inside its transaction.</summary>
    private UpsertResult Write(PageWrite page, DateTime now, ref long sequence)
    {
        ArgumentNullException.ThrowIfNull(page);
        var added = new List<Bulletin>();
        var updated = new List<Bulletin>();
        var unchanged = 0;
        var sketches = new ItemSketches(database.Database);
        var edits = new EditMatcher(sketches.On, id => _bulletins.FindById(id) is { } found ? FromDocument(found) : null, page.Items);
        foreach (var item in page.Items)
        {
            var (write, bulletin) = UpsertItem(item, edits, sketches, now, ref sequence);
            switch (write)
            {
                case ItemWrite.Added:
                    added.Add(bulletin);
                    break;
                case ItemWrite.Updated:
                    updated.Add(bulletin);
                    break;
                default:
                    unchanged++;
                    break;
            }
        }

        if (page.Source is { } source)
        {
            Sources.Put(source);
        }

        page.Alongside?.Invoke();
        return new UpsertResult(added, updated, unchanged);
    }

    private enum ItemWrite
    {
        Unchanged,
        Added,
        Updated,
    }

    /// <summary>
    /// Stores one item inside the page's transaction: which stored item it is, and whether it is new, changed
    /// (updated in place, with a new change number) or the same as stored.
    /// </summary>
    private (ItemWrite Write, Bulletin Stored) UpsertItem(Bulletin item, EditMatcher edits, ItemSketches sketches, DateTime now, ref long sequence)
    {
        // An item whose id is new may be a stored one corrected: it keeps the stored id and is updated in place.
        var bulletin = item;
        var existing = _bulletins.FindById(item.Id);
        ItemSketch? sketch = null;
        if (existing is null && item.Date is not null)
        {
            // Sketched from its text; its words are split only if a stored item's sketch comes close.
            sketch = ItemSketch.Of(item);
            if (edits.Find(item, sketch) is { } edited)
            {
                (existing, bulletin) = (_bulletins.FindById(edited.Id), item with { Id = edited.Id });
            }
        }

        if (existing is null)
        {
            _bulletins.Insert(ToDocument(bulletin, now, now, ++sequence));
            if (bulletin.Date is { } day)
            {
                // Dated and new, so its sketch was taken for the match above.
                sketches.Put(bulletin.Source, day.DayNumber, bulletin.Id, sketch!);
            }

            return (ItemWrite.Added, bulletin);
        }

        // An item belongs to the source that first delivered it: the same text from a second source keeps its
        // origin, so two sources holding one item never take it back and forth.
        var stored = FromDocument(existing);
        bulletin = bulletin with { Origin = stored.Origin ?? bulletin.Origin };
        if (stored.Origin is null && bulletin.Origin is not null && stored with { Origin = bulletin.Origin } == bulletin)
        {
            // An item stored before items recorded their source, read again unchanged: it learns its source in
            // place, with no change number, so it is neither announced again nor counted as an edit.
            existing[OriginField] = bulletin.Origin;
            _bulletins.Update(existing);
            return (ItemWrite.Unchanged, bulletin);
        }

        if (!stored.Equals(bulletin))
        {
            var document = ToDocument(bulletin, existing["firstSeen"].AsDateTime, now, ++sequence);

            // Marked, not inferred from the times: an edit within the millisecond of the insert has equal times.
            document[EditedField] = true;
            _bulletins.Update(document);
            if (bulletin.Date is { } day && (bulletin.Title != stored.Title || !bulletin.Paragraphs.SequenceEqual(stored.Paragraphs)))
            {
                // Its words changed: later corrections are measured against what it says now. A correction found by
                // the match says what the incoming item says, whose sketch was taken already.
                sketches.Put(bulletin.Source, day.DayNumber, bulletin.Id, sketch ?? ItemSketch.Of(bulletin));
            }
            return (ItemWrite.Updated, bulletin);
        }

        return (ItemWrite.Unchanged, bulletin);
    }

    /// <summary>Whether no other thread reads this store while it is written (a process run for the ingest command).</summary>
    public bool WrittenAlone => database.OwnedByIngest;

    /// <summary>Whether the store was opened for reading alone (ask on a store this user may not write).</summary>
    public bool IsReadOnly => database.IsReadOnly;

    /// <summary>The store's file, or null for a store in memory.</summary>
    public string? FilePath => database.FilePath;

    private static readonly string ReadOnlyIdentity = "read-only-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// A random name this store keeps for good, taken the first time it is asked for. What is derived
    /// from the store and kept beside it (the search index) records it, so that it is not trusted
    /// against another store put in the same place (a rebuild, a restored backup).
    /// </summary>
    public string Identity() => Guarded(ReadIdentity);

    private string ReadIdentity()
    {
        if (_meta.FindById(IdentityKey)?["value"].AsString is { } known)
        {
            return known;
        }

        if (database.IsReadOnly)
        {
            // Nothing can be kept in a store opened for reading alone: a name for this process only, so that
            // an index made now is never trusted for the store later.
            return ReadOnlyIdentity;
        }

        lock (_writeLock)
        {
            if (_meta.FindById(IdentityKey)?["value"].AsString is { } taken)
            {
                return taken;
            }

            var identity = Guid.NewGuid().ToString("N");
            _meta.Insert(new BsonDocument { ["_id"] = IdentityKey, ["value"] = identity });
            return identity;
        }
    }

    /// <summary>
    /// The number of the newest change; 0 for an empty store. Read from the file once, then kept by the
    /// database (see <see cref="BulletinDatabase.RaiseSequence"/>): a search asks for it every time.
    /// </summary>
    public long LastSequence() => database.KnownSequence is var known and >= 0 ? known : Guarded(() => database.RaiseSequence(ReadSequence()));

    /// <summary>The items added or changed after change <paramref name="sequence"/>, oldest change first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredChange> ChangesAfter(long sequence, int limit) => Guarded(() =>
        _bulletins.Query()
            .Where(Query.GT("seq", sequence))
            .OrderBy("seq")
            .Limit(limit)
            .ToEnumerable()
            .Select(d => new StoredChange(d["seq"].AsInt64, FromDocument(d)) { IsEdit = d[EditedField].IsBoolean || d["updated"].AsDateTime > d["firstSeen"].AsDateTime })
            .ToList());

    /// <summary>What the source <paramref name="name"/> last delivered; see <see cref="SourceStateStore.Get"/>.</summary>
    public SourceState? GetSource(string name) => Sources.Get(name);

    /// <inheritdoc cref="SourceStateStore.Hashes"/>
    public IReadOnlyDictionary<string, string> SourceHashes(string prefix) => Sources.Hashes(prefix);

    public StoreStatistics Statistics() => Guarded(ReadStatistics);

    /// <inheritdoc cref="BulletinDatabase.Guarded"/>
    private T Guarded<T>(Func<T> access) => database.Guarded(access);

    private StoreStatistics ReadStatistics()
    {
        var total = _bulletins.Count();
        // Dated items sort newest first and before every undated one (SortKey), so both ends are one seek on the sort index.
        var undated = CountKeys(Query.GTE("sort", UndatedPrefix));
        var newest = _bulletins.Query().Where(Query.LT("sort", UndatedPrefix)).OrderBy("sort").Limit(1).ToEnumerable().FirstOrDefault();
        var oldest = _bulletins.Query().Where(Query.LT("sort", UndatedPrefix)).OrderByDescending("sort").Limit(1).ToEnumerable().FirstOrDefault();
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

    private long ReadSequence() => _meta.FindById(SequenceKey)?["value"].AsInt64 ?? 0;

    private long ReadSequenceOrUnknown()
    {
        try
        {
            return ReadSequence();
        }
        catch (Exception exception) when (exception is LiteException or IOException or ObjectDisposedException)
        {
            return -1;
        }
    }

    internal static BsonDocument ToDocument(Bulletin bulletin, DateTime firstSeen, DateTime updated, long sequence) => new()
    {
        ["_id"] = bulletin.Id,
        ["sort"] = SortKey(bulletin),
        ["seq"] = sequence,
        ["source"] = bulletin.Source,
        ["title"] = bulletin.Title,
        ["paras"] = new BsonArray(bulletin.Paragraphs.Select(p => new BsonValue(p))),
        ["day"] = bulletin.Date is { } day ? day.DayNumber : BsonValue.Null,
        ["end"] = bulletin.EndDate is { } end ? end.DayNumber : BsonValue.Null,
        ["link"] = bulletin.Link is { } link ? link : BsonValue.Null,
        [OriginField] = bulletin.Origin is { } origin ? origin : BsonValue.Null,
        ["firstSeen"] = firstSeen,
        ["updated"] = updated,
        [BulletinChecksum.Field] = BulletinChecksum.Of(bulletin),
    };

    internal static Bulletin FromDocument(BsonDocument document) => new(
        document["_id"].AsString,
        document["source"].AsString,
        document["title"].AsString,
        document["paras"].AsArray.Select(p => p.AsString).ToArray(),
        document["day"].IsNull ? null : DateOnly.FromDayNumber(document["day"].AsInt32),
        document["end"].IsNull ? null : DateOnly.FromDayNumber(document["end"].AsInt32),
        document["link"].IsNull ? null : document["link"].AsString,
        document[OriginField].IsString ? document[OriginField].AsString : null);
}
