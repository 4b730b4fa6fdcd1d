using System.Diagnostics;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Harness;

/// <summary>
/// Per-query latency, which BenchmarkDotNet's one-mean-per-method model does not give: every
/// query is timed on its own with <see cref="Stopwatch"/>, many times over, after a warm-up, and
/// p50/p99 are taken over all executions of a kind (<see cref="VariantTiming"/>). Allocations are the bytes the calling thread
/// allocated during each query (managed memory only: SQLite's native allocations are not seen).
/// </summary>
internal static class LatencyHarness
{
    public const int TopK = 10;

    /// <summary>Measures <paramref name="variant"/> in one go: warm-up, then the timed rounds.</summary>
    public static VariantResult Measure(ISearchEngine engine, string engineName, string variant, IReadOnlyList<BenchQuery> queries, HarnessOptions options)
    {
        var timing = new VariantTiming(engine, engineName, variant, queries, options);
        while (!timing.Step(double.PositiveInfinity))
        {
        }

        return timing.Result();
    }

    internal static KindLatency Summarise(string kind, int queries, List<double> milliseconds, List<double> withoutCollection, long allocatedBytes)
    {
        milliseconds.Sort();
        withoutCollection.Sort();
        return new KindLatency(
            kind,
            queries,
            milliseconds.Count,
            Percentile(milliseconds, 0.50),
            Percentile(milliseconds, 0.99),
            milliseconds.Count == 0 ? 0 : milliseconds.Average(),
            milliseconds.Count == 0 ? 0 : (double)allocatedBytes / milliseconds.Count)
        {
            CollectedExecutions = milliseconds.Count - withoutCollection.Count,
            P99WithoutCollectionMs = Percentile(withoutCollection, 0.99),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}

internal sealed record HarnessOptions(int WarmupRounds, double BudgetSeconds, int MinRounds, int MaxRounds)
{
    /// <summary>Warm-up goes on past <see cref="WarmupRounds"/> until this much time is spent.</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>Only the answers, no timing: for the reference variants.</summary>
    public bool AnswersOnly { get; init; }

    /// <summary>
    /// Two warm-up rounds at least, and half the budget of warm-up time; up to 10,000 timed rounds, so that an engine
    /// fast enough to reach the cap (ours at 100,000 items stopped at 500 rounds, in 3 s of its 8) is timed across as
    /// much of the phase as the engine beside it.
    /// </summary>
    public static HarnessOptions Full(double budgetSeconds) => new(2, budgetSeconds, 3, 10_000) { WarmupSeconds = budgetSeconds / 2 };

    public static HarnessOptions Smoke { get; } = new(1, 0, 1, 1);
}

internal sealed record KindLatency(string Kind, int Queries, int Executions, double P50Ms, double P99Ms, double MeanMs, double AllocatedBytesPerQuery)
{
    /// <summary>Timed executions during which a garbage collection (of any generation) ran.</summary>
    public int CollectedExecutions { get; init; }

    /// <summary>p99 over the executions no collection landed in.</summary>
    public double P99WithoutCollectionMs { get; init; }
}

internal sealed record QueryAnswer(int Number, List<string> Ids, int? Total, List<double>? Scores = null)
{
    public bool TotalIsLowerBound { get; init; }

    public int? PhraseCandidates { get; init; }
}

internal sealed record SlowQuery(int Number, double MedianMs);

internal sealed record VariantResult(
    string Engine,
    string Variant,
    int Rounds,
    List<KindLatency> Kinds,
    KindLatency All,
    List<QueryAnswer> Answers,
    List<SlowQuery> Slowest)
{
    public string Label => $"{Engine} ({Variant})";

    /// <summary>False for a reference variant, which only answers.</summary>
    public bool Timed { get; init; } = true;
}

/// <summary>What one engine's child process measured at one corpus size.</summary>
internal sealed record EngineRun(
    string Engine,
    int Size,
    int Documents,
    double BuildSeconds,
    long DiskBytes,
    long PeakWorkingSetBytes,
    long ServingPeakWorkingSetBytes,
    long ManagedHeapAfterBuildBytes,
    List<VariantResult> Variants)
{
    /// <summary>The machine's 1-minute load average when the child started and ended; above 1 means something else was running.</summary>
    public string LoadAverages { get; init; } = "";

    /// <summary>Which of the size's runs this was (1-based), and the engine's place in that run's order (1-based).</summary>
    public int Run { get; init; } = 1;

    public int Place { get; init; } = 1;

    /// <summary>The timed variants only.</summary>
    public IEnumerable<VariantResult> TimedVariants => Variants.Where(v => v.Timed);
}
