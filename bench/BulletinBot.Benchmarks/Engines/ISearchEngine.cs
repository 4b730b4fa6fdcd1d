using BulletinBot.Benchmarks.Queries;
using BulletinBot.Core.Bulletins;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// One full-text engine under measurement. Everything that touches a particular engine stays
/// behind this interface, so the harness times each the same way.
/// </summary>
internal interface ISearchEngine : IDisposable
{
    /// <summary>Indexes the corpus, streamed once; an engine keeps what it needs.</summary>
    void Build(IEnumerable<Bulletin> corpus);

    /// <summary>The variants this engine can answer with, such as Lucene's plain and lean fetch.</summary>
    IReadOnlyList<string> Variants { get; }

    /// <summary>The top <paramref name="take"/> bulletin ids, best first, answered the given variant's way.</summary>
    EngineHits Search(BenchQuery query, string variant, int take);

    /// <summary>Time spent in <see cref="Build"/> on something other than building the index (ours: writing the store first).</summary>
    TimeSpan ExcludedFromBuild => TimeSpan.Zero;

    /// <summary>Bytes the built index (and any store it needs to answer) takes on disk; 0 if it lives in memory.</summary>
    long DiskBytes { get; }
}

/// <summary>An engine's answer: the top ids, best first, and the total if it knows it exactly.</summary>
/// <param name="Scores">The hits' scores, where the engine reports them, for telling ties from differences.</param>
internal readonly record struct EngineHits(IReadOnlyList<string> Ids, int? Total, IReadOnlyList<double>? Scores = null);
