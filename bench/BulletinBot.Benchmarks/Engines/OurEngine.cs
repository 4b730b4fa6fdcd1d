using System.Diagnostics;
using BulletinBot.Benchmarks.Harness;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;
using BulletinBot.Benchmarks.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// Ours, as the bot answers: the query text through <see cref="SearchQueryParser"/>, answered by
/// <see cref="BulletinSearch"/> over a LiteDB store file with its persisted index beside it. The
/// corpus is first written to the store through its upsert path (not counted as the build, and the
/// peak memory is reset after it); the build is the index made from the store into its folder, then
/// the process lets go of it and opens it again from the files, as a restarted bot does. The
/// <c>index</c> variant returns the top ids; <c>page</c> is what the bot shows: it also reads those
/// bulletins (from the index's stored fields, as the bot does) and cuts each one's title and snippet
/// with <see cref="Snippets"/>, as a result card does. With <paramref name="keptStore"/>, the first run at a size keeps
/// a copy of the store it wrote there, and later runs start from a copy of it: the write is not measured here (the
/// store stage measures it), and at a million items it took longer than everything else in the run.
/// </summary>
internal sealed class OurEngine(string file, string? keptStore = null) : ISearchEngine
{
    public const string IndexOnly = "index";
    public const string Page = "page";

    private BulletinSearch? _search;
    private OurStore? _store;

    public IReadOnlyList<string> Variants { get; } =
        [IndexOnly, Page];

    public TimeSpan ExcludedFromBuild { get; private set; }

    /// <summary>The store file and the index folder beside it.</summary>
    public long DiskBytes => (File.Exists(file) ? new FileInfo(file).Length : 0) + IndexBytes;

    private long IndexBytes
    {
        get
        {
            var folder = BulletinSearch.IndexFolder(file);
            return Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length) : 0;
        }
    }

    public void Build(IEnumerable<Bulletin> corpus)
    {
        var ingest = Stopwatch.StartNew();
        if (keptStore is not null && File.Exists(keptStore))
        {
            // The corpus is still read through, so the run counts the same items.
            foreach (var _ in corpus)
            {
            }

            CopyStore(keptStore, file);
            Console.WriteLine($"## ours: the store kept from the first run at this size copied in {ingest.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            using (var writer = new OurStore(file))
            {
                writer.Ingest(corpus, StoreCatalog.BatchSize);
            }

            if (keptStore is not null)
            {
                CopyStore(file, keptStore);
            }
        }

        PeakMemory.Reset();
        ExcludedFromBuild = ingest.Elapsed;
        OpenStore();
    }

    /// <summary>A closed store file and LiteDB's log file beside it, if any.</summary>
    private static void CopyStore(string from, string to)
    {
        StoreCatalog.Delete(to);
        File.Copy(from, to);
        var log = Path.ChangeExtension(from, null) + "-log" + Path.GetExtension(from);
        if (File.Exists(log))
        {
            File.Copy(log, Path.ChangeExtension(to, null) + "-log" + Path.GetExtension(to));
        }
    }

    /// <summary>Opens the store file as it stands and builds its index afresh, as <see cref="Build"/> does after the ingest;
    /// with <paramref name="keepIndex"/>, opens the index an earlier run left beside it (only while its format is unchanged).</summary>
    public void OpenStore(bool keepIndex = false)
    {
        var folder = BulletinSearch.IndexFolder(file);
        if (Directory.Exists(folder) && !keepIndex)
        {
            Directory.Delete(folder, recursive: true);
        }

        _store = new OurStore(file);
        using (var building = new BulletinSearch(_store.Store, NullLogger<BulletinSearch>.Instance))
        {
            building.PrepareAsync().GetAwaiter().GetResult();
            building.MergesIdle().GetAwaiter().GetResult();
        }

        var open = Stopwatch.StartNew();
        _search = new BulletinSearch(_store.Store, NullLogger<BulletinSearch>.Instance);
        _search.PrepareAsync().GetAwaiter().GetResult();
        Console.WriteLine($"## ours: index {IndexBytes / 1048576.0:F1} MB in {Directory.GetFiles(BulletinSearch.IndexFolder(file)).Length - 1} segment file(s), opened in {open.Elapsed.TotalMilliseconds:F0} ms ({_search.Origin})");
    }

    public EngineHits Search(BenchQuery query, string variant, int take)
    {
        var search = _search ?? throw new InvalidOperationException("Build first.");
        var parsed = SearchQueryParser.Parse(query.Text);
        if (parsed.Query is null)
        {
            throw new InvalidOperationException($"Our parser refused `{query.Text}`: {parsed.Error}");
        }

        // Every word exactly, as the peers match it: forgiven typos would add hits they cannot have
        // (the typing benchmark measures those, ours alone).
        var exactly = parsed.Query with { ForgivesTypos = false };
        if (variant != Page)
        {
            var found = search.Find(exactly, 0, take);
            return new EngineHits(found.Hits.Select(h => h.BulletinId).ToList(), found.Total, found.Hits.Select(h => h.Score).ToList()) { TotalIsLowerBound = !found.TotalIsExact };
        }

        var page = search.Search(exactly, 0, take);
        var results = page.Results;
        if (page.Bulletins.Count != results.Hits.Count)
        {
            throw new InvalidOperationException($"The index returned {results.Hits.Count} hits and {page.Bulletins.Count} bulletins.");
        }

        var ids = new List<string>(page.Bulletins.Count);
        foreach (var bulletin in page.Bulletins)
        {
            // The result card's text, as the bot cuts it: the title marked, a snippet of the body.
            var title = Snippets.Build(bulletin.Title, parsed.Query, int.MaxValue);
            var snippet = Snippets.Build(bulletin.Body, parsed.Query);
            GC.KeepAlive(title);
            GC.KeepAlive(snippet);
            ids.Add(bulletin.Id);
        }

        return new EngineHits(ids, results.Total, results.Hits.Select(h => h.Score).ToList()) { TotalIsLowerBound = !results.TotalIsExact };
    }

    public void Dispose()
    {
        _search?.Dispose();
        _store?.Dispose();
    }
}
