using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Runner;

namespace BulletinBot.Benchmarks.Store;

/// <summary>
/// The child process for the store benchmarks at one size. It builds each store once (that first
/// ingest is timed, and gives the size on disk), then hands latest, by-date and ingest to
/// BenchmarkDotNet, in process (the corpus is already in memory and the stores on disk).
/// </summary>
internal static class StoreChild
{
    /// <summary>Ingest at this size or more is timed once, not by BenchmarkDotNet's repeated iterations.</summary>
    public const int SingleShotIngestFrom = 1_000_000;

    /// <summary>Arguments: size work-directory result-file smoke|full [listed|reversed] (the order the stores are first built in).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var size = int.Parse(args[0], CultureInfo.InvariantCulture);
        var work = args[1];
        var resultFile = args[2];
        var smoke = args[3] == "smoke";
        Directory.CreateDirectory(work);

        StoreBenchContext.Directory = work;
        var results = new List<StoreResult>();
        var order = args.Count > 4 && args[4] == "reversed" ? StoreCatalog.Names.AsEnumerable().Reverse() : StoreCatalog.Names;
        var count = BuildStores(size, order, results);
        if (size >= SingleShotIngestFrom)
        {
            // Nothing after this needs the corpus. Held, its million items made each of the full collections
            // BenchmarkDotNet forces between iterations take seconds, and latest(10) ran past the in-process limit
            // (2026-12-07): the figures would then be of the collector, not of the stores.
            StoreBenchContext.Items = [];
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        var artifacts = Path.Combine(work, "BenchmarkDotNet.Artifacts");
        var reads = Config(artifacts, smoke
            ? Job.Dry
            : Job.Default.WithWarmupCount(3).WithIterationCount(10));
        results.AddRange(Collect(BenchmarkRunner.Run<StoreReadBenchmarks>(reads), count, readOperation: true));

        if (size < SingleShotIngestFrom)
        {
            var ingest = Config(artifacts, smoke
                ? Job.Dry
                : Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1));
            results.AddRange(Collect(BenchmarkRunner.Run<StoreIngestBenchmarks>(ingest), count, readOperation: false));
        }

        File.WriteAllText(resultFile, JsonSerializer.Serialize(results, Json.Options));
        return 0;
    }

    /// <summary>
    /// Generates the corpus and builds each store from it, timing that first ingest; checks that every store counts the
    /// same items by month. The corpus stays in <see cref="StoreBenchContext.Items"/> for the ingest benchmarks.
    /// </summary>
    private static int BuildStores(int size, IEnumerable<string> order, List<StoreResult> results)
    {
        var items = new CorpusGenerator(RepoPaths.Seeds).Generate(size).ToList();
        StoreBenchContext.Items = items;
        foreach (var name in order)
        {
            var file = StoreBenchContext.PrebuiltFile(name);
            StoreCatalog.Delete(file);
            var clock = Stopwatch.StartNew();
            using (var store = StoreCatalog.Open(name, file))
            {
                store.Ingest(items, StoreCatalog.BatchSize);
                clock.Stop();
                var latest = store.Latest(10);
                if (latest.Count != Math.Min(10, items.Count))
                {
                    throw new InvalidOperationException($"{name}: latest(10) returned {latest.Count} items.");
                }
            }

            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"## {name}: first ingest of {items.Count:N0} items in {seconds:F1} s ({items.Count / seconds:N0} items/s), {StoreCatalog.DiskBytes(file) / 1e6:F1} MB on disk");
            results.Add(new StoreResult(name, "first ingest", seconds * 1000, seconds * 1000, 0, items.Count / seconds, StoreCatalog.DiskBytes(file), "timed once"));
        }

        // Every store must hold the same items: the same count in every month asked for.
        var totals = StoreCatalog.Names.ToDictionary(name => name, name =>
        {
            using var store = StoreCatalog.Open(name, StoreBenchContext.PrebuiltFile(name));
            return StoreBenchContext.Months.Select(month => store.ByDate(month, 10).Total).ToArray();
        });
        foreach (var (name, counts) in totals)
        {
            if (!counts.SequenceEqual(totals[StoreCatalog.Raw]))
            {
                throw new InvalidOperationException($"{name} counts [{string.Join(", ", counts)}] items in the benchmark's months where {StoreCatalog.Raw} counts [{string.Join(", ", totals[StoreCatalog.Raw])}].");
            }
        }

        return items.Count;
    }

    private static ManualConfig Config(string artifacts, Job job)
    {
        // In process, BenchmarkDotNet gives a benchmark five minutes by default, its full collections between
        // iterations included; a slow machine must not fail the run where it only takes longer.
        var config = ManualConfig.CreateEmpty()
            .AddJob(job.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).WithId("store"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(artifacts);
        config.Options |= ConfigOptions.DisableLogFile;
        return config;
    }

    private static IEnumerable<StoreResult> Collect(Summary summary, int items, bool readOperation)
    {
        if (summary.HasCriticalValidationErrors)
        {
            throw new InvalidOperationException("BenchmarkDotNet refused the benchmarks: " + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        }

        foreach (var report in summary.Reports)
        {
            var statistics = report.ResultStatistics ?? throw new InvalidOperationException($"No result for {report.BenchmarkCase.DisplayInfo}.");
            var store = (string)report.BenchmarkCase.Parameters["Store"];
            var operation = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            var meanMs = statistics.Mean / 1e6;
            yield return new StoreResult(
                store,
                operation,
                meanMs,
                statistics.Median / 1e6,
                allocated,
                readOperation ? 0 : items / (meanMs / 1000),
                0,
                $"BenchmarkDotNet, {statistics.N} iterations");
        }
    }
}

/// <summary>One store operation's figures; items per second only for ingest.</summary>
internal sealed record StoreResult(
    string Store,
    string Operation,
    double MeanMs,
    double MedianMs,
    long AllocatedBytes,
    double ItemsPerSecond,
    long DiskBytes,
    string How)
{
    /// <summary>Which of the size's runs this was (1-based).</summary>
    public int Run { get; init; } = 1;
}
