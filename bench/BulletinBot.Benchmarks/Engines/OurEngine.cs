using System.Diagnostics;
using BulletinBot.Benchmarks.Harness;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// Ours: the query text through <see cref="SearchQueryParser"/>, answered by <see cref="SearchIndex"/>.
/// The corpus is first written to a LiteDB file through the
/// store's upsert path (not counted as the build, and the peak memory is reset after it), then the
/// index is built from the store's <c>All()</c>, as the bot does at start. The <c>index</c> variant
/// returns the top ids; <c>page</c> is what the bot shows: it also reads those bulletins from the
/// store and cuts each one's title and snippet with <see cref="Snippets"/>, as a result card does.
/// </summary>
internal sealed class OurEngine(string file) : ISearchEngine
{
    public const string IndexOnly = "index";
    public const string Page = "page";

    private SearchIndex? _index;
    private OurStore? _store;

    public IReadOnlyList<string> Variants { get; } =
        [IndexOnly, Page];

    public TimeSpan ExcludedFromBuild { get; private set; }

    public long DiskBytes => File.Exists(file) ? new FileInfo(file).Length : 0;

    public void Build(IEnumerable<Bulletin> corpus)
    {
        var ingest = Stopwatch.StartNew();
        using (var writer = new OurStore(file))
        {
            writer.Ingest(corpus, StoreCatalog.BatchSize);
        }

        PeakMemory.Reset();
        ExcludedFromBuild = ingest.Elapsed;
        _store = new OurStore(file);
        _index = SearchIndex.Build(_store.Store.All());
    }

    public EngineHits Search(BenchQuery query, string variant, int take)
    {
        var index = _index ?? throw new InvalidOperationException("Build first.");
        var parsed = SearchQueryParser.Parse(query.Text);
        if (parsed.Query is null)
        {
            throw new InvalidOperationException($"Our parser refused `{query.Text}`: {parsed.Error}");
        }

        var results = index.Search(parsed.Query, 0, take);
        var ids = new List<string>(results.Hits.Count);
        foreach (var hit in results.Hits)
        {
            if (variant == Page)
            {
                var bulletin = _store!.Store.Get(hit.BulletinId)
                    ?? throw new InvalidOperationException($"The index returned {hit.BulletinId}, which the store does not hold.");

                // The result card's text, as the bot cuts it: the title marked, a snippet of the body.
                var title = Snippets.Build(bulletin.Title, parsed.Query, int.MaxValue);
                var snippet = Snippets.Build(bulletin.Body, parsed.Query);
                GC.KeepAlive(title);
                GC.KeepAlive(snippet);
                ids.Add(bulletin.Id);
                continue;
            }

            ids.Add(hit.BulletinId);
        }

        return new EngineHits(ids, results.Total, results.Hits.Select(h => h.Score).ToList()) { TotalIsLowerBound = !results.TotalIsExact };
    }

    public void Dispose()
    {
        _store?.Dispose();
    }
}
