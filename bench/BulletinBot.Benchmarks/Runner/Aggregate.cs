using BulletinBot.Benchmarks.Harness;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>The runs of one size folded into the figures the report shows: the median of the runs, and their spread.</summary>
internal static class Aggregate
{
    /// <summary>The middle value (the mean of the two middle ones for an even count); 0 for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Each timed variant with its result from every run, in the order engines were listed.</summary>
    public static List<VariantRuns> Variants(SizeResults size) =>
        size.Engines
            .SelectMany(run => run.TimedVariants.Select(variant => (Run: run, Variant: variant)))
            .GroupBy(x => (x.Variant.Engine, x.Variant.Variant))
            .Select(g => new VariantRuns(g.Key.Engine, g.Key.Variant, g.Select(x => x.Run).ToList(), g.Select(x => x.Variant).ToList()))

            // Within an engine, in the order its first run measured them (later runs rotate it).
            .OrderBy(v => size.Engines.FindIndex(e => e.Engine == v.Engine))
            .ThenBy(v => size.Engines.Where(e => e.Engine == v.Engine).MinBy(e => e.Run)!.Variants.FindIndex(x => x.Variant == v.Variant))
            .ToList();

    public static VariantRuns? Variant(SizeResults size, string engine, string variant) =>
        Variants(size).FirstOrDefault(v => v.Engine == engine && v.Variant == variant);

    /// <summary>Each store operation's median over the runs, with the spread of its mean.</summary>
    public static List<(StoreResult Median, double MinMs, double MaxMs, int Runs)> Store(SizeResults size) =>
        size.Store
            .GroupBy(r => (r.Store, r.Operation))
            .Select(g => (
                g.First() with
                {
                    MeanMs = Median(g.Select(r => r.MeanMs)),
                    MedianMs = Median(g.Select(r => r.MedianMs)),
                    AllocatedBytes = (long)Median(g.Select(r => (double)r.AllocatedBytes)),
                    ItemsPerSecond = Median(g.Select(r => r.ItemsPerSecond)),
                    DiskBytes = (long)Median(g.Select(r => (double)r.DiskBytes)),
                },
                g.Min(r => r.MeanMs),
                g.Max(r => r.MeanMs),
                g.Count()))
            .ToList();
}

/// <summary>One engine variant across the runs of a size.</summary>
internal sealed record VariantRuns(string Engine, string Variant, IReadOnlyList<EngineRun> EngineRuns, IReadOnlyList<VariantResult> Results)
{
    public string Label => $"{Engine} ({Variant})";

    public int Runs => Results.Count;

    public double BuildItemsPerSecond => Aggregate.Median(EngineRuns.Select(e => e.Documents / Math.Max(1e-9, e.BuildSeconds)));

    public long DiskBytes => (long)Aggregate.Median(EngineRuns.Select(e => (double)e.DiskBytes));

    public long PeakWorkingSetBytes => (long)Aggregate.Median(EngineRuns.Select(e => (double)e.PeakWorkingSetBytes));

    public long ServingPeakWorkingSetBytes => (long)Aggregate.Median(EngineRuns.Select(e => (double)e.ServingPeakWorkingSetBytes));

    public string Loads => string.Join("; ", EngineRuns.Select(e => e.LoadAverages));

    /// <summary>The kind's figures, median over the runs ("all" for every kind together); null if no run has it.</summary>
    public KindFigures? Kind(string kind)
    {
        var latencies = Results.Select(r => kind == "all" ? r.All : r.Kinds.FirstOrDefault(k => k.Kind == kind))
            .OfType<KindLatency>().ToList();
        if (latencies.Count == 0)
        {
            return null;
        }

        return new KindFigures(
            Aggregate.Median(latencies.Select(l => l.P50Ms)),
            Aggregate.Median(latencies.Select(l => l.P99Ms)),
            latencies.Select(l => l.P50Ms).ToList(),
            latencies.Select(l => l.P99Ms).ToList(),
            Aggregate.Median(latencies.Select(l => l.MeanMs)),
            Aggregate.Median(latencies.Select(l => l.AllocatedBytesPerQuery)),
            latencies.Sum(l => l.Executions))
        {
            P99WithoutCollectionMs = Aggregate.Median(latencies.Select(l => l.P99WithoutCollectionMs)),
            CollectedShare = latencies.Sum(l => l.CollectedExecutions) / (double)Math.Max(1, latencies.Sum(l => l.Executions)),
        };
    }
}

/// <summary>A kind's latency: the medians over the runs, and each run's value in run order.</summary>
internal sealed record KindFigures(double P50Ms, double P99Ms, List<double> P50PerRun, List<double> P99PerRun, double MeanMs, double AllocatedBytesPerQuery, int Executions)
{
    /// <summary>The median over the runs of the p99 without the executions a collection landed in.</summary>
    public double P99WithoutCollectionMs { get; init; }

    /// <summary>The share of all runs' executions a collection landed in.</summary>
    public double CollectedShare { get; init; }
}
