using System.Diagnostics;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Harness;

/// <summary>
/// Per-query latency, which BenchmarkDotNet's one-mean-per-method model does not give: every
/// query is timed on its own with <see cref="Stopwatch"/>, many times over, after a warm-up, and
/// p50/p99 are taken over all executions of a kind. Allocations are the bytes the calling thread
/// allocated during each query (managed memory only: SQLite's native allocations are not seen).
/// </summary>
internal static class LatencyHarness
{
    public const int TopK = 10;

    public static VariantResult Measure(ISearchEngine engine, string engineName, string variant, IReadOnlyList<BenchQuery> queries, HarnessOptions options)
    {
        // The answers first: one execution of every query, sanity ones included.
        var answers = queries.Select(q =>
        {
            var hits = engine.Search(q, variant, TopK);
            return new QueryAnswer(q.Number, hits.Ids.ToList(), hits.Total, hits.Scores?.ToList())
            {
                TotalIsLowerBound = hits.TotalIsLowerBound,
                PhraseCandidates = hits.PhraseCandidates,
            };
        }).ToList();

        var measured = options.AnswersOnly ? [] : queries.Where(q => q.Kind != QueryKinds.Sanity).ToArray();
        if (measured.Length == 0)
        {
            var none = new KindLatency("all", 0, 0, 0, 0, 0, 0);
            return new VariantResult(engineName, variant, 0, [], none, answers, []) { Timed = false };
        }

        // Warm up (JIT tiers, caches): the rounds given, and on until the warm-up time is spent, so every engine is
        // timed in its steady state (at 1M items the first 8 s of a process of ours gave phrases a p99 of 2.5 ms,
        // the next 8 s 1.5 ms). A slow engine whose first round already spent the budget warms up once.
        var roundSeconds = 1e-6;
        var warmup = Stopwatch.StartNew();
        for (var round = 0;
             (round < options.WarmupRounds || warmup.Elapsed.TotalSeconds < options.WarmupSeconds) && (round == 0 || warmup.Elapsed.TotalSeconds < options.BudgetSeconds);
             round++)
        {
            var thisRound = Stopwatch.StartNew();
            foreach (var query in measured)
            {
                engine.Search(query, variant, TopK);
            }

            roundSeconds = Math.Max(1e-6, thisRound.Elapsed.TotalSeconds);
        }

        var rounds = Math.Clamp((int)Math.Ceiling(options.BudgetSeconds / roundSeconds), options.MinRounds, options.MaxRounds);

        var kinds = measured.Select(q => q.Kind).Distinct().ToArray();
        var samples = kinds.ToDictionary(k => k, _ => new List<double>());
        var quiet = kinds.ToDictionary(k => k, _ => new List<double>());
        var allocated = kinds.ToDictionary(k => k, _ => 0L);
        var perQueryMs = measured.ToDictionary(q => q.Number, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Rotate the starting point so that no query always follows the same one.
            var start = (round * 37) % measured.Length;
            for (var i = 0; i < measured.Length; i++)
            {
                var query = measured[(start + i) % measured.Length];
                var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
                var collectionsBefore = GC.CollectionCount(0);
                var before = Stopwatch.GetTimestamp();
                engine.Search(query, variant, TopK);
                var elapsed = Stopwatch.GetElapsedTime(before);
                var collected = GC.CollectionCount(0) != collectionsBefore;
                var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
                samples[query.Kind].Add(elapsed.TotalMilliseconds);
                if (!collected)
                {
                    // Any collection counts gen 0, so this is every execution no collection landed in.
                    quiet[query.Kind].Add(elapsed.TotalMilliseconds);
                }

                allocated[query.Kind] += bytes;
                perQueryMs[query.Number].Add(elapsed.TotalMilliseconds);
            }
        }

        var perKind = QueryKinds.Measured.Where(samples.ContainsKey)
            .Select(k => Summarise(k, measured.Count(q => q.Kind == k), samples[k], quiet[k], allocated[k]))
            .ToList();
        var all = Summarise("all", measured.Length, samples.Values.SelectMany(s => s).ToList(), quiet.Values.SelectMany(s => s).ToList(), allocated.Values.Sum());
        var slowest = perQueryMs.Select(p => (Number: p.Key, Median: Percentile(p.Value.Order().ToList(), 0.5)))
            .OrderByDescending(p => p.Median).Take(3)
            .Select(p => new SlowQuery(p.Number, p.Median)).ToList();
        return new VariantResult(engineName, variant, rounds, perKind, all, answers, slowest);
    }

    private static KindLatency Summarise(string kind, int queries, List<double> milliseconds, List<double> withoutCollection, long allocatedBytes)
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

    /// <summary>Two warm-up rounds at least, and half the budget of warm-up time.</summary>
    public static HarnessOptions Full(double budgetSeconds) => new(2, budgetSeconds, 3, 500) { WarmupSeconds = budgetSeconds / 2 };

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
