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
        var runNumber = args.Count > 7 ? int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var variants = TimeAsTold(engine, name, queries, options, Console.In, Console.Out);
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

    /// <summary>
    /// Built, the child says so with its variants (<c>@ready index,page</c>) and times them as the parent tells it
    /// (<see cref="SideBySide"/>): <c>begin variant</c> (the answers are taken; <c>@ok</c>), then <c>slice seconds</c>
    /// until it answers <c>@done</c> rather than <c>@more</c>, and <c>end</c> when every phase is over.
    /// </summary>
    private static List<VariantResult> TimeAsTold(ISearchEngine engine, string name, List<BenchQuery> queries, HarnessOptions options, TextReader commands, TextWriter replies)
    {
        var variants = new List<VariantResult>();
        VariantTiming? timing = null;
        replies.WriteLine($"@ready {string.Join(',', engine.Variants)}");
        replies.Flush();
        while (commands.ReadLine() is { } line && line != "end")
        {
            var (verb, argument) = line.IndexOf(' ') is var space and > 0 ? (line[..space], line[(space + 1)..]) : (line, "");
            switch (verb)
            {
                case "begin":
                    timing = new VariantTiming(engine, name, argument, queries, options);
                    replies.WriteLine("@ok");
                    break;
                case "slice" when timing is not null:
                    if (!timing.Step(double.Parse(argument, System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        replies.WriteLine("@more");
                        break;
                    }

                    var result = timing.Result();
                    Console.WriteLine($"## {result.Label}: p50 {result.All.P50Ms:F3} ms, p99 {result.All.P99Ms:F3} ms over {result.All.Executions:N0} executions");
                    variants.Add(result);
                    timing = null;
                    replies.WriteLine("@done");
                    break;
                default:
                    throw new InvalidOperationException($"The parent sent what the child does not know: {line}");
            }

            replies.Flush();
        }

        return variants;
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
