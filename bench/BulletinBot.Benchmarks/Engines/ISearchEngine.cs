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

    /// <summary>Variants that only give answers to check others against, and are not timed (the floor scoring as a peer does).</summary>
    IReadOnlyList<string> ReferenceVariants => [];

    /// <summary>The top <paramref name="take"/> bulletin ids, best first, answered the given variant's way.</summary>
    EngineHits Search(BenchQuery query, string variant, int take);

    /// <summary>Time spent in <see cref="Build"/> on something other than building the index (ours: writing the store first).</summary>
    TimeSpan ExcludedFromBuild => TimeSpan.Zero;

    /// <summary>Bytes the built index (and any store it needs to answer) takes on disk; 0 if it lives in memory.</summary>
    long DiskBytes { get; }
}

/// <summary>An engine's answer: the top ids, best first, and how many items match.</summary>
/// <param name="Total">The matches counted; a lower bound when <see cref="TotalIsLowerBound"/>.</param>
/// <param name="Scores">The hits' scores, where the engine reports them, for telling ties from differences.</param>
internal readonly record struct EngineHits(IReadOnlyList<string> Ids, int? Total, IReadOnlyList<double>? Scores = null)
{
    /// <summary>True when the engine stopped counting a phrase query's matches at the phrase budget.</summary>
    public bool TotalIsLowerBound { get; init; }

    /// <summary>For a phrase query, the items that hold all its words within the date filter: the phrase checks an exact count needs (the floor reports it).</summary>
    public int? PhraseCandidates { get; init; }
}

/// <summary>How phrase totals are counted, the same for every engine.</summary>
internal static class PhraseBudget
{
    /// <summary>
    /// Phrase checks an engine may spend on counting one query's matches; past it a lower bound is
    /// enough. The same number as our index's own budget (MatchCounter in the search code).
    /// </summary>
    public const int Checks = 500;
}
