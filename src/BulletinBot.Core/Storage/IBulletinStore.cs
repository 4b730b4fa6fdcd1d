using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The port of the store of record for items and their change sequence, and for what each source last delivered.
/// LiteDB implements it for one process (<see cref="BulletinStore"/>); PostgreSQL for several replicas. Both keep the
/// same rules, which one contract suite checks against each:
/// <list type="bullet">
/// <item>every insert or change of an item takes the next change number in the same transaction as the item, and a
/// reader of <see cref="ChangesAfter"/> meets the numbers in commit order (none below one it has seen appears later);</item>
/// <item>an item whose id is new but which corrects a stored one (<see cref="ItemIdentity"/>) keeps the stored id;</item>
/// <item>a date query finds every item whose date range overlaps it, newest first by <see cref="BulletinStore.SortKey(Bulletin)"/>.</item>
/// </list>
/// </summary>
public interface IBulletinStore
{
    /// <summary>Stores several pages in one transaction: each page's items, its source's state, and their change numbers.</summary>
    IReadOnlyList<UpsertResult> UpsertPages(IReadOnlyList<PageWrite> pages);

    /// <summary>The number of the newest change; 0 for an empty store.</summary>
    long LastSequence();

    /// <summary>The items added or changed after change <paramref name="sequence"/>, oldest change first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<StoredChange> ChangesAfter(long sequence, int limit);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Get is the store's name for a lookup by id everywhere; no VB implementer exists.")]
    Bulletin? Get(string id);

    /// <summary>Bulletins whose id starts with <paramref name="prefix"/>, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<Bulletin> FindByIdPrefix(string prefix, int limit);

    /// <summary>The newest bulletins first (undated ones last), after the item whose sort key is <paramref name="after"/>;
    /// with <paramref name="origin"/>, only that source's (<see cref="Bulletin.Origin"/>).</summary>
    IReadOnlyList<Bulletin> Latest(string? after, int take, string? origin = null);

    /// <summary>Bulletins whose dates overlap <paramref name="range"/>, newest first, after the item whose sort key is <paramref name="after"/>;
    /// with <paramref name="origin"/>, only that source's.</summary>
    IReadOnlyList<Bulletin> ByDate(DateRange range, string? after, int take, string? origin = null);

    int CountByDate(DateRange range, string? origin = null);

    /// <summary>The items of the source <paramref name="origin"/> (a source's name, as <see cref="Bulletin.Origin"/> holds it) and its last stored page.</summary>
    SourceSummary Summarise(string origin);

    int Count();

    /// <summary>Every bulletin, streamed; for building a search index.</summary>
    IEnumerable<Bulletin> All();

    StoreStatistics Statistics();

    /// <summary>A random name the store keeps for good; what is derived from it records it.</summary>
    string Identity();

    SourceState? GetSource(string name);

    /// <summary>The content hash of every source whose name starts with <paramref name="prefix"/>, by name.</summary>
    IReadOnlyDictionary<string, string> SourceHashes(string prefix);
}
