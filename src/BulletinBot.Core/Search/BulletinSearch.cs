using System.Diagnostics;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Search;

/// <summary>
/// The search index over the store. It is built from the store on first use, not at start, so
/// commands that need no search (latest, date, show) start fast; it then follows every ingest.
/// </summary>
public sealed class BulletinSearch(BulletinStore store, ILogger<BulletinSearch> logger) : IIngestObserver
{
    private readonly Lock _gate = new();
    private SearchIndex? _index;

    public SearchPage Search(SearchQuery query, int skip, int take)
    {
        var results = EnsureIndex().Search(query, skip, take);
        var bulletins = new List<Bulletin>(results.Hits.Count);
        foreach (var hit in results.Hits)
        {
            // A hit whose bulletin vanished from the store is skipped rather than shown broken.
            if (store.Get(hit.BulletinId) is { } bulletin)
            {
                bulletins.Add(bulletin);
            }
        }

        return new SearchPage(results, bulletins);
    }

    public void OnStored(UpsertResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            if (_index is null)
            {
                return;
            }

            foreach (var bulletin in result.Added.Concat(result.Updated))
            {
                _index.Upsert(bulletin);
            }
        }
    }

    private SearchIndex EnsureIndex()
    {
        if (Volatile.Read(ref _index) is { } index)
        {
            return index;
        }

        lock (_gate)
        {
            if (_index is null)
            {
                var stopwatch = Stopwatch.StartNew();
                var built = SearchIndex.Build(store.All());
                logger.LogInformation("Search index built: {Count} items in {Elapsed} ms", built.Count, stopwatch.ElapsedMilliseconds);
                Volatile.Write(ref _index, built);
            }

            return _index;
        }
    }
}

public sealed record SearchPage(SearchResults Results, IReadOnlyList<Bulletin> Bulletins);
