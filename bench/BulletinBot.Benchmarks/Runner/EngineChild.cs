using System.Diagnostics;
using System.Text.Json;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Harness;
using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// The child process for one engine at one size: stream the corpus into the engine, then time the
/// query set; write an <see cref="EngineRun"/> as JSON. Peak memory is this process's peak
/// working set, so it covers building and querying, with the corpus streamed, never held whole.
/// </summary>
internal static class EngineChild
{
    public static readonly string[] All = EngineCatalog.Names;

    /// <summary>Arguments: engine size queries-file work-directory result-file budget-seconds smoke|full run place.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var (name, size, queriesFile, work, resultFile) = (args[0], int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args[3], args[4]);
        var budget = double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
        var smoke = args[6] == "smoke";
        var queries = JsonSerializer.Deserialize<List<BenchQuery>>(File.ReadAllText(queriesFile), Json.Options)
            ?? throw new InvalidOperationException("No queries.");

        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var loadAtStart = MachineInfo.LoadAverage();
        var generator = new CorpusGenerator(RepoPaths.Seeds);
        using var engine = EngineCatalog.Create(name, work, EngineCatalog.KeptStore(work));
        var documents = 0;
        var build = Stopwatch.StartNew();
        engine.Build(Count(generator.Generate(size), () => documents++));
        build.Stop();
        var buildSeconds = (build.Elapsed - engine.ExcludedFromBuild).TotalSeconds;
        Console.WriteLine($"## {name}: built {documents:N0} documents in {buildSeconds:F1} s" +
            (engine.ExcludedFromBuild > TimeSpan.Zero ? $" (after {engine.ExcludedFromBuild.TotalSeconds:F1} s writing the store, or copying the one the first run wrote)" : ""));

        var disk = engine.DiskBytes;
        var buildPeak = PeakMemory.Current();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var servingPeakMeasured = PeakMemory.Reset();
        var options = smoke ? HarnessOptions.Smoke : HarnessOptions.Full(budget);
        var variants = new List<VariantResult>();
        var runNumber = args.Count > 7 ? int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture) : 1;

        // Each run starts with another variant, so that none always inherits the heap another left.
        var order = engine.Variants.Count == 0 ? [] : engine.Variants.Skip((runNumber - 1) % engine.Variants.Count).Concat(engine.Variants.Take((runNumber - 1) % engine.Variants.Count)).ToList();
        foreach (var variant in order)
        {
            var result = LatencyHarness.Measure(engine, name, variant, queries, options);
            Console.WriteLine($"## {result.Label}: p50 {result.All.P50Ms:F3} ms, p99 {result.All.P99Ms:F3} ms over {result.All.Executions:N0} executions");
            variants.Add(result);
        }

        foreach (var variant in engine.ReferenceVariants)
        {
            variants.Add(LatencyHarness.Measure(engine, name, variant, queries, options with { AnswersOnly = true }));
        }

        var servingPeak = PeakMemory.Current();
        var run = new EngineRun(name, size, documents, buildSeconds, disk, Math.Max(buildPeak, servingPeak), servingPeakMeasured ? servingPeak : 0, heap, variants)
        {
            LoadAverages = $"{loadAtStart:F1} → {MachineInfo.LoadAverage():F1}",
            Run = runNumber,
            Place = args.Count > 8 ? int.Parse(args[8], System.Globalization.CultureInfo.InvariantCulture) : 1,
        };
        File.WriteAllText(resultFile, JsonSerializer.Serialize(run, Json.Options));
        engine.Dispose();
        TryDelete(work);
        return 0;
    }

    private static IEnumerable<T> Count<T>(IEnumerable<T> items, Action counted)
    {
        foreach (var item in items)
        {
            counted();
            yield return item;
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run's clean-up; a memory-mapped file may still be closing.
        }
    }
}

internal static class Json
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = false };
}
