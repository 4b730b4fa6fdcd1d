using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Storage;

/// <summary>An item as one change of the store's change sequence left it.</summary>
public sealed record StoredChange(long Sequence, Bulletin Bulletin)
{
    /// <summary>The item was stored before and its text changed; otherwise it is new.</summary>
    public bool IsEdit { get; init; }
}

public sealed record UpsertResult(IReadOnlyList<Bulletin> Added, IReadOnlyList<Bulletin> Updated, int Unchanged);

/// <summary>
/// One page for <see cref="BulletinStore.UpsertPages"/>: its items, its source's new state, and what the
/// source keeps about it beside (a web page's validators), written by <paramref name="Alongside"/> on the
/// calling thread inside the page's transaction, so it commits with the page or not at all.
/// </summary>
public sealed record PageWrite(IReadOnlyList<Bulletin> Items, SourceState? Source, Action? Alongside = null);

/// <summary>What a source last delivered: a hash of its content, so an unchanged source is skipped cheaply.</summary>
public sealed record SourceState(string Name, string ContentHash, int ItemCount, DateTimeOffset IngestedAt);

public sealed record SourceCount(string Source, int Count);

public sealed record StoreStatistics(int Total, int Undated, DateOnly? Oldest, DateOnly? Newest, IReadOnlyList<SourceCount> Sources);

/// <summary>
/// What the store holds of one configured source (<see cref="Bulletins.Bulletin.Origin"/>): its items, and when a page
/// of it was last stored (a page read again unchanged is not stored again).
/// </summary>
public sealed record SourceSummary(string Origin, int Items, DateTimeOffset? LastStored);
