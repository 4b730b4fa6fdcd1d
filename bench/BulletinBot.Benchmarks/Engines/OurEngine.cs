#if HAVE_SEARCH_INDEX
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// Ours: the query text through <see cref="SearchQueryParser"/>, answered by <see cref="SearchIndex"/>.
/// The <c>index</c> variant returns the top ids; <c>index+store</c> (once the store is on main)
/// also reads those bulletins from the LiteDB store, as the bot does to show them.
/// </summary>
internal sealed class OurEngine(string file) : ISearchEngine
{
    public const string IndexOnly = "index";
    public const string WithStore = "index+store";

    private SearchIndex? _index;

    public IReadOnlyList<string> Variants { get; } = [IndexOnly];

    public long DiskBytes => File.Exists(file) ? new FileInfo(file).Length : 0;

    public void Build(IEnumerable<Bulletin> corpus) => _index = SearchIndex.Build(corpus);

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
            ids.Add(hit.BulletinId);
        }

        return new EngineHits(ids, results.TotalIsExact ? results.Total : null);
    }

    public void Dispose()
    {
    }
}
#endif
