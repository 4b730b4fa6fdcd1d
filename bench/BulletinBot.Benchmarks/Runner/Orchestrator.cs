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
/// The parent process: for each size, build the query set once, run each engine in its own child
/// process back to back, then the store benchmarks and the cold start; check the answers; write
/// the report. Returns non-zero if anything failed, so the smoke run can gate CI.
/// </summary>
internal static class Orchestrator
{
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

        foreach (var size in options.Sizes)
        {
            Console.Error.WriteLine($"== {size:N0} bulletins (+{generator.SeedBulletins.Count} from the seed pages)");
            var queries = QuerySetBuilder.Build(generator.Generate(size), size + generator.SeedBulletins.Count, generator.SeedBulletins, out var stats);
            var queriesFile = Path.Combine(work, $"queries-{size}.json");
            File.WriteAllText(queriesFile, JsonSerializer.Serialize(queries, Json.Options));
            var sizeResults = new SizeResults(size, size + generator.SeedBulletins.Count, queries) { Corpus = stats };
            results.Sizes.Add(sizeResults);

            foreach (var engine in engines)
            {
                var resultFile = Path.Combine(work, $"result-{engine}-{size}.json");
                File.Delete(resultFile);
                var exit = ChildProcess.Run(engine, [
                    "engine-child", engine, size.ToString(CultureInfo.InvariantCulture), queriesFile,
                    Path.Combine(work, $"{engine}-{size}"), resultFile,
                    options.BudgetSeconds.ToString(CultureInfo.InvariantCulture), options.Smoke ? "smoke" : "full",
                ], log);
                if (exit != 0 || !File.Exists(resultFile))
                {
                    results.Failures.Add($"{engine} at {size:N0}: the child process exited with {exit} (see {Path.GetFileName(logPath)} in the work directory).");
                    continue;
                }

                sizeResults.Engines.Add(JsonSerializer.Deserialize<EngineRun>(File.ReadAllText(resultFile), Json.Options)!);
            }

            sizeResults.Checks = Checks.Compare(queries, sizeResults.Engines);
            results.Failures.AddRange(sizeResults.Checks.Failures.Select(f => $"{size:N0}: {f}"));
            foreach (var failure in sizeResults.Checks.Failures.Take(20))
            {
                Console.Error.WriteLine($"  CHECK FAILED: {failure}");
            }

            if (!options.SkipStore)
            {
                StoreStage.Run(options, size, work, log, results, sizeResults);
            }
        }

        if (!options.SkipCold)
        {
            ColdStart.Run(options, work, log, results);
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

    public ColdStartResult? Cold { get; set; }

    public TimeSpan Elapsed { get; set; }
}

internal sealed class SizeResults(int size, int documents, List<BenchQuery> queries)
{
    public int Size { get; } = size;

    public int Documents { get; } = documents;

    public List<BenchQuery> Queries { get; } = queries;

    public List<EngineRun> Engines { get; } = [];

    public CheckReport? Checks { get; set; }

    public CorpusStats? Corpus { get; init; }

    public List<StoreResult> Store { get; } = [];
}
