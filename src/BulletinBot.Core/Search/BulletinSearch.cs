using System.Diagnostics;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Search;

/// <summary>
/// The search index over the store. It is built from the store on first use, not at start, so
/// commands that need no search (latest, date, show) start fast. Before each search it applies the
/// store's changes after the last one it saw, so it follows every writer of the store, and a crash
/// between a commit and the index update cannot leave it behind.
/// </summary>
public sealed class BulletinSearch(BulletinStore store, ILogger<BulletinSearch> logger)
{
    private const int CatchUpBatch = 1000;

    private readonly Lock _gate = new();
    private SearchIndex? _index;
    private long _applied;

    /// <summary>The change number the index has applied; every change up to it is searchable.</summary>
    public long AppliedSequence
    {
        get
        {
            lock (_gate)
            {
                return _applied;
            }
        }
    }

    /// <summary>The ranked hits <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/>, without reading the bulletins.</summary>
    public SearchResults Find(SearchQuery query, int skip, int take) => Current().Search(query, skip, take);

    /// <summary>A page of ranked results with their bulletins read from the store.</summary>
    public SearchPage Search(SearchQuery query, int skip, int take)
    {
        var results = Find(query, skip, take);
        return new SearchPage(results, Read(results.Hits.Select(h => h.BulletinId)));
    }

    /// <summary>The bulletins of <paramref name="ids"/>, in order; an id whose bulletin vanished is skipped rather than shown broken.</summary>
    public IReadOnlyList<Bulletin> Read(IEnumerable<string> ids)
    {
        var bulletins = new List<Bulletin>();
        foreach (var id in ids)
        {
            if (store.Get(id) is { } bulletin)
            {
                bulletins.Add(bulletin);
            }
        }

        return bulletins;
    }

    private SearchIndex Current()
    {
        lock (_gate)
        {
            if (_index is null)
            {
                var stopwatch = Stopwatch.StartNew();

                // The sequence is read before the items: a change stored meanwhile is applied again
                // by the catch-up below, which is harmless, rather than missed.
                _applied = store.LastSequence();
                _index = SearchIndex.Build(store.All());
                logger.LogInformation("Search index built: {Count} items in {Elapsed} ms", _index.Count, stopwatch.ElapsedMilliseconds);
            }

            CatchUp(_index);
            return _index;
        }
    }

    private void CatchUp(SearchIndex index)
    {
        if (store.LastSequence() == _applied)
        {
            return;
        }

        IReadOnlyList<StoredChange> changes;
        do
        {
            changes = store.ChangesAfter(_applied, CatchUpBatch);
            foreach (var change in changes)
            {
                index.Upsert(change.Bulletin);
                _applied = change.Sequence;
            }
        }
        while (changes.Count == CatchUpBatch);
    }
}

public sealed record SearchPage(SearchResults Results, IReadOnlyList<Bulletin> Bulletins);
