using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Harness;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// The parent process: for each size, build the query set once, then run each engine in its own
/// child process, the engines timed side by side (<see cref="SideBySide"/>), <see cref="BenchOptions.Runs"/> times in a
/// different order each time;
/// then the store benchmarks and the user path on the same store; then the host's first start over
/// page files. Checks the answers of every run; writes the report. Returns non-zero if anything
/// failed, so the smoke run can gate CI.
/// </summary>
internal static class Orchestrator
{
    private static readonly bool[] Directions = [false, true];

    public static int Run(BenchOptions options)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "bulletinbot-bench");
        Directory.CreateDirectory(work);
        var logPath = Path.Combine(work, "run.log");
        using var log = new StreamWriter(logPath) { AutoFlush = true };
        var engines = options.Engines ?? EngineCatalog.Names;
        var generator = new CorpusGenerator(RepoPaths.Seeds);
        var results = new RunResults(options, started, MachineInfo.Describe(), engines);
        Console.Error.WriteLine($"BulletinBot benchmarks: sizes {string.Join(", ", options.Sizes)}; engines {string.Join(", ", engines)}; work directory {work}; log {logPath}");
        if (!options.SkipCold && (!options.SkipStore || options.Store is not null))
        {
            results.HostForm = HostForm.Prepare(options, work, log);
        }

        foreach (var size in options.OnlyPages ? [] : options.Sizes)
        {
            Console.Error.WriteLine($"== {size:N0} bulletins (+{generator.SeedBulletins.Count} from the seed pages)");
            var queries = QuerySetBuilder.Build(generator.Generate(size), size + generator.SeedBulletins.Count, generator.SeedBulletins, out var stats);
            var queriesFile = Path.Combine(work, $"queries-{size}.json");
            File.WriteAllText(queriesFile, JsonSerializer.Serialize(queries, Json.Options));
            var sizeResults = new SizeResults(size, size + generator.SeedBulletins.Count, queries) { Corpus = stats };
            results.Sizes.Add(sizeResults);

            // Our engine's first run at this size keeps the store it wrote for the later runs; none is kept from before.
            var keptStore = EngineCatalog.KeptStore(Path.Combine(work, $"{EngineCatalog.Ours}-{size}"));
            StoreCatalog.Delete(keptStore);

            // With --store, only the user path runs, on the store given.
            var orders = RunOrders(engines, options.Runs);
            for (var run = 1; run <= (options.Store is null ? options.Runs : 0); run++)
            {
                var order = orders[run - 1];
                Console.Error.WriteLine($"-- run {run} of {options.Runs}: {string.Join(", ", order)}");
                var runEngines = SideBySide.Run(order, engines, run, size, queriesFile, work, options, log, results.Failures);

                // Every run's answers are checked (an engine must answer the same each time); the report shows the first run's agreement.
                var checks = Checks.Compare(queries, runEngines);
                sizeResults.Checks ??= checks;
                sizeResults.Engines.AddRange(runEngines.OrderBy(e => engines.ToList().IndexOf(e.Engine)));
                foreach (var failure in checks.Failures.Select(f => $"{size:N0}: {f}").Where(f => !results.Failures.Contains(f)))
                {
                    results.Failures.Add(failure);
                    Console.Error.WriteLine($"  CHECK FAILED: {failure}");
                }
            }

            StoreCatalog.Delete(keptStore);
            if (options.Store is not null)
            {
                UserPath.RunStore(options, size, work, log, results, sizeResults, options.Store);
            }
            else if (!options.SkipStore)
            {
                StoreStage.Run(options, size, work, log, results, sizeResults);
                if (!options.SkipCold)
                {
                    UserPath.RunStore(options, size, work, log, results, sizeResults);
                }

                StoreStage.Clean(work, size);
            }
        }

        if ((!options.SkipCold && options.Store is null) || options.OnlyPages)
        {
            UserPath.RunPages(options, work, log, results);
        }

        results.Elapsed = clock.Elapsed;
        var report = Report.Render(results);
        var output = options.Output ?? (options.Smoke ? Path.Combine(work, "benchmarks-smoke.md") : RepoPaths.DefaultReport);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, report);
        Console.Error.WriteLine($"Report written to {output} in {clock.Elapsed.TotalMinutes:F1} min.");
        if (results.Failures.Count > 0)
        {
            Console.Error.WriteLine($"{results.Failures.Count} check(s) failed:");
            foreach (var failure in results.Failures.Take(40))
            {
                Console.Error.WriteLine($"  {failure}");
            }

            return 1;
        }

        Console.Error.WriteLine("All checks passed.");
        return 0;
    }

    /// <summary>
    /// Each run's order: of the rotations of the list, forwards and reversed, the one that puts the
    /// fewest engines in a place they held in an earlier run (none, while the runs are no more than
    /// the engines), preferring a reversed order on even runs (so neighbours change too) and a shift
    /// of the run's share of the list. Run 1 is the listed order.
    /// </summary>
    internal static List<IReadOnlyList<string>> RunOrders(IReadOnlyList<string> engines, int runs)
    {
        var orders = new List<IReadOnlyList<string>>();
        for (var run = 1; run <= runs; run++)
        {
            var preferred = (run - 1) * engines.Count / Math.Max(1, runs);
            var best = Enumerable.Range(0, engines.Count)
                .SelectMany(shift => Directions.Select(reversed => (Shift: shift, Reversed: reversed)))
                .Select(c => (c.Shift, c.Reversed, Order: Rotate(engines, c.Shift, c.Reversed)))
                .OrderBy(c => orders.Sum(earlier => c.Order.Where((engine, place) => earlier[place] == engine).Count()))
                .ThenBy(c => c.Reversed != (run % 2 == 0))
                .ThenBy(c => Math.Abs(c.Shift - preferred))
                .ThenBy(c => c.Shift)
                .First();
            orders.Add(best.Order);
        }

        return orders;
    }

    private static List<string> Rotate(IReadOnlyList<string> engines, int shift, bool reversed)
    {
        var rotated = engines.Skip(shift).Concat(engines.Take(shift)).ToList();
        if (reversed)
        {
            rotated.Reverse();
        }

        return rotated;
    }
}

internal sealed class RunResults(BenchOptions options, DateTimeOffset started, MachineInfo machine, IReadOnlyList<string> engines)
{
    public BenchOptions Options { get; } = options;

    public DateTimeOffset Started { get; } = started;

    public MachineInfo Machine { get; } = machine;

    public IReadOnlyList<string> Engines { get; } = engines;

    public List<SizeResults> Sizes { get; } = [];

    public List<string> Failures { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>The user path at each size: cold starts of the host and its memory after many searches.</summary>
    public List<UserPathResult> UserPaths { get; } = [];

    /// <summary>Which build of the host the user path started, in words for the report.</summary>
    public string? HostForm { get; set; }

    /// <summary>The host's first start over page files.</summary>
    public PagesResult? Pages { get; set; }

    public TimeSpan Elapsed { get; set; }
}

internal sealed class SizeResults(int size, int documents, List<BenchQuery> queries)
{
    public int Size { get; } = size;

    public int Documents { get; } = documents;

    public List<BenchQuery> Queries { get; } = queries;

    /// <summary>Every run of every engine (<see cref="EngineRun.Run"/> tells which run).</summary>
    public List<EngineRun> Engines { get; } = [];

    public CheckReport? Checks { get; set; }

    public CorpusStats? Corpus { get; init; }

    public List<StoreResult> Store { get; } = [];
}
