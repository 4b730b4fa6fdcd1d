using System.Diagnostics;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Persistence;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Search;

/// <summary>
/// The search index over the store. For a store in a file the index lives beside it
/// ("&lt;store&gt;.index", see <see cref="PersistedIndex"/>) and is opened, not rebuilt; for a store on a database
/// server it lives in the folder <paramref name="folder"/> names, on this replica's own disk; for a store in
/// memory it is built in memory. Either way it is made ready on first use, not at start, so commands
/// that need no search (latest, date, show) start fast. Before each search it applies the store's
/// changes after the last one it holds, so it follows every writer of the store, and a crash between a
/// commit and the index update cannot leave it behind. Whether there are any it learns from
/// <paramref name="changeHead"/> where the store's writers announce their commits (a database server shared by
/// replicas), so a search pays no round trip to the store when nothing changed; else from the store.
/// </summary>
/// <param name="folder">Where the persisted index lives; when not given, beside a store file opened for writing, else in memory.</param>
/// <param name="changeHead">The newest change this process was told of; when not given, the store is asked.</param>
public sealed class BulletinSearch(IBulletinStore store, ILogger<BulletinSearch> logger, SearchIndexFolder? folder = null, IChangeHead? changeHead = null) : IDisposable
{
    private const int CatchUpBatch = 1000;

    private readonly string? _folder = folder is not null
        ? folder.Path
        : store is BulletinStore { FilePath: { } path, IsReadOnly: false } ? PersistedIndex.FolderOf(path) : null;

    private readonly Lock _gate = new();
    private SearchIndex? _index;
    private PersistedIndex? _persisted;
    private long _applied;
    private int _rebuilds;

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

    /// <summary>How this process came by its index: opened from the files beside the store, rebuilt, or in memory.</summary>
    public IndexOrigin Origin
    {
        get
        {
            lock (_gate)
            {
                return _persisted?.Origin ?? (_index is null ? IndexOrigin.None : IndexOrigin.InMemory);
            }
        }
    }

    /// <summary>How many times this process built the index beside the store from the store.</summary>
    public int Rebuilds => Volatile.Read(ref _rebuilds);

    /// <summary>The folder of the index beside a store file.</summary>
    public static string IndexFolder(string storePath) => PersistedIndex.FolderOf(storePath);

    /// <summary>The ranked hits <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/>, without reading the bulletins.
    /// Words still being typed match as prefixes and typos are forgiven, as the query says; exact matches rank first.</summary>
    public SearchResults Find(SearchQuery query, int skip, int take) => Guarded(index => index.SearchTolerant(query, skip, take));

    /// <summary>A page of ranked results with their bulletins.</summary>
    public SearchPage Search(SearchQuery query, int skip, int take)
    {
        var results = Find(query, skip, take);
        return new SearchPage(results, Read(results.Hits));
    }

    /// <summary>The dates of every item in [<paramref name="from"/>, <paramref name="to"/>] (either may be open), for a chart.</summary>
    public DatedDocuments DatesOfAll(DateOnly? from, DateOnly? to) => Guarded(index => index.Dates(from, to));

    /// <summary>The dates of a search's matches (the first <see cref="SearchIndex.MaxResultDepth"/>), for a chart.</summary>
    public DatedDocuments DatesOf(SearchQuery query) => SearchIndex.Dates(Find(query, 0, SearchIndex.MaxResultDepth));

    /// <summary>
    /// The bulletins of <paramref name="ids"/>, in order, from the index's stored fields where it keeps
    /// them, else from the store; an id whose bulletin vanished is skipped rather than shown broken.
    /// The ids come from a search, so the index is read as that search left it: it does not look
    /// for newer changes of the store again (a read of the store's sequence, a tenth of a page's cost).
    /// </summary>
    public IReadOnlyList<Bulletin> Read(IEnumerable<string> ids) => Read(ids.Select(id => new SearchHit(id, 0)));

    /// <summary>The bulletins of a search's <paramref name="hits"/>, in order, as <see cref="Read(IEnumerable{string})"/>;
    /// a hit is read where the search found it, without looking its id up.</summary>
    public IReadOnlyList<Bulletin> Read(IEnumerable<SearchHit> hits)
    {
        var wanted = hits.ToList();
        var stored = Guarded(index => index.ReadStored(wanted), catchUp: false);
        var bulletins = new List<Bulletin>(wanted.Count);
        for (var i = 0; i < wanted.Count; i++)
        {
            if ((stored[i] ?? store.Get(wanted[i].BulletinId)) is { } bulletin)
            {
                bulletins.Add(bulletin);
            }
        }

        return bulletins;
    }

    /// <summary>
    /// Opens (or builds) the index on the thread pool, for a process that knows a search is coming (an
    /// ask that searches, a chat): the first search then finds it ready, or waits only for the rest.
    /// </summary>
    public Task PrepareAsync() => Task.Run(() =>
    {
        try
        {
            lock (_gate)
            {
                if (_index is null)
                {
                    Load();
                }
            }
        }
        catch (Exception exception) when (StoreFailure.Is(exception))
        {
            // The search itself tries again and reports what goes wrong.
            logger.LogDebug(exception, "Search index: preparing it ahead failed");
        }
    });

    /// <summary>Completes when no background merge of the index is running; for tests.</summary>
    internal Task MergesIdle()
    {
        lock (_gate)
        {
            return _persisted?.MergesIdle ?? Task.CompletedTask;
        }
    }

    internal SearchIndex? Index
    {
        get
        {
            lock (_gate)
            {
                return _index;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _persisted?.Dispose();
            _persisted = null;
            _index = null;
        }
    }

    // A part of a segment file found damaged while answering (a checksum that fails on first read)
    // drops the index; it is rebuilt from the store and the question asked again.
    private T Guarded<T>(Func<SearchIndex, T> answer, bool catchUp = true)
    {
        var index = Current(catchUp);
        try
        {
            return answer(index);
        }
        catch (IndexCorruptException exception)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_index, index) && _persisted is { } damaged)
                {
                    logger.LogWarning("Search index is damaged ({Reason}); rebuilding it from the store", exception.Message);
                    damaged.Dispose();
                    _persisted = null;
                    _index = null;
                    SegmentFile.TryDelete(Path.Combine(_folder!, IndexManifest.FileName));
                }
            }

            return answer(Current(catchUp: true));
        }
    }

    private SearchIndex Current(bool catchUp)
    {
        lock (_gate)
        {
            if (_index is null)
            {
                Load();
                catchUp = true;
            }

            if (catchUp)
            {
                CatchUp();
            }

            return _index!;
        }
    }

    private void Load()
    {
        // A store opened for reading alone gets nothing written beside it either: its index lives in memory.
        if (_folder is { } path)
        {
            try
            {
                _persisted = PersistedIndex.OpenOrRebuild(path, store, logger);
                if (_persisted.Origin == IndexOrigin.Rebuilt)
                {
                    Interlocked.Increment(ref _rebuilds);
                }

                _index = _persisted.Index;
                _applied = _persisted.Sequence;
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A full disk, or a file where the folder should be: searches are answered from an index in memory.
                logger.LogWarning(
                    "Search index: cannot write {Folder} ({Reason}); searching from memory until the next start",
                    path, exception.Message);
                _persisted = null;
            }
        }

        var stopwatch = Stopwatch.StartNew();

        // The sequence is read before the items: a change stored meanwhile is applied again by the
        // catch-up below, which is harmless, rather than missed.
        _applied = store.LastSequence();
        _index = SearchIndex.Build(store.All());
        logger.LogInformation("Search index built: {Count} items in {Elapsed} ms", _index.Count, stopwatch.ElapsedMilliseconds);
    }

    private void CatchUp()
    {
        if ((changeHead?.Known ?? store.LastSequence()) <= _applied)
        {
            return;
        }

        IReadOnlyList<StoredChange> changes;
        do
        {
            changes = store.ChangesAfter(_applied, CatchUpBatch);
            if (_persisted is not null)
            {
                try
                {
                    _persisted.Apply(changes);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // A full disk must not stop searches: this process goes on from memory.
                    logger.LogWarning("Search index: cannot write beside the store ({Reason}); searching from memory until the next start", exception.Message);
                    _persisted.Dispose();
                    _persisted = null;
                    _applied = store.LastSequence();
                    _index = SearchIndex.Build(store.All());
                    return;
                }
            }
            else
            {
                foreach (var change in changes)
                {
                    _index!.Upsert(change.Bulletin);
                }
            }

            if (changes.Count > 0)
            {
                _applied = changes[^1].Sequence;
            }
        }
        while (changes.Count == CatchUpBatch);
    }
}

public sealed record SearchPage(SearchResults Results, IReadOnlyList<Bulletin> Bulletins);
