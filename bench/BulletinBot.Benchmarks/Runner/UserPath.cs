using System.Diagnostics;
using System.Text.RegularExpressions;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// The user path, through the real host binary: at each size, on the store our upsert path built,
/// cold starts of <c>ask "search ..."</c>, <c>ask help</c>, <c>ask latest</c> and <c>--version</c>,
/// and the peak resident memory of the terminal chat after many searches; once per run, the first
/// start (<c>ingest</c>) over a folder of generated page files.
/// </summary>
internal static partial class UserPath
{
    public const int ItemsPerPage = 10;

    /// <summary>The search a new user tries first, on the seeded item.</summary>
    public static readonly string[] Search = ["ask", "search", "migration", "talks"];

    public const string SearchLabel = "ask \"search migration talks\"";

    public static void RunStore(BenchOptions options, int size, string work, TextWriter log, RunResults results, SizeResults sizeResults, string? existingStore = null)
    {
        var store = existingStore ?? StoreStage.OurStoreFile(work, size);
        string? Skip() =>
            !HostProcess.Exists ? "not measured: the host binary was not built (build bench/BulletinBot.Benchmarks in Release)."
            : !File.Exists(store) ? "not measured: the store benchmarks did not leave a store of ours to open."
            : null;
        if (Skip() is { } reason)
        {
            results.UserPaths.Add(new UserPathResult(size, reason));
            Console.Error.WriteLine($"== user path at {size:N0}: {reason}");
            return;
        }

        var seeds = Path.Combine(work, "empty-seeds");
        Directory.CreateDirectory(seeds);
        var environment = new Dictionary<string, string> { ["Storage__Path"] = store, ["Ingestion__SeedsPath"] = seeds };

        // The first search on this store is timed on its own: it may have to build (or persist) the index.
        var first = HostProcess.Run(Search, environment, captureOutput: true);
        log.WriteLine($"[user] first `{string.Join(' ', Search)}` at {size:N0}: exit {first.Exit} in {first.Elapsed.TotalMilliseconds:F0} ms\n{first.Output}");
        if (first.Exit != 0 || !first.Output.Contains("igration", StringComparison.Ordinal))
        {
            var note = $"not measured: `BulletinBot {string.Join(' ', Search)}` exited with {first.Exit} or did not show the seeded item: {first.Output.Split('\n').FirstOrDefault(l => l.Length > 0)}";
            results.UserPaths.Add(new UserPathResult(size, note));
            results.Failures.Add($"user path at {size:N0}: {note}");
            return;
        }

        Console.Error.WriteLine($"== user path at {size:N0}: first search {first.Elapsed.TotalMilliseconds:N0} ms; cold starts, then the chat with {options.Searches:N0} searches");
        var slow = first.Elapsed.TotalSeconds;
        var (searchWarmups, searchRuns) = options.Smoke ? (0, 1) : slow > 10 ? (0, 3) : slow > 2 ? (1, 5) : (2, 10);
        var (warmups, runs) = options.Smoke ? (0, 1) : (2, 10);
        var cold = ColdTimer.Time(environment, [
            new ColdCommand("--version", ["--version"], warmups, runs),
            new ColdCommand("ask help", ["ask", "help"], warmups, runs),
            new ColdCommand("ask latest", ["ask", "latest"], warmups, runs),
            new ColdCommand(SearchLabel, Search, searchWarmups, searchRuns),
        ]);

        var lines = sizeResults.Queries.Select(q => "search " + q.Text).ToArray();
        var chat = ChatMemory.Measure(environment, Enumerable.Range(0, options.Searches).Select(i => lines[i % lines.Length]), log);
        if (chat.Exit != 0)
        {
            results.Failures.Add($"user path at {size:N0}: the terminal chat exited with {chat.Exit} after {options.Searches:N0} searches (see run.log).");
        }

        results.UserPaths.Add(new UserPathResult(size, null)
        {
            FirstSearchMs = first.Elapsed.TotalMilliseconds,
            Cold = cold,
            Searches = options.Searches,
            PeakResidentBytes = chat.PeakBytes,
            ChatSeconds = chat.Seconds,
        });
    }

    /// <summary>The host's first start over <see cref="BenchOptions.Pages"/> generated page files of <see cref="ItemsPerPage"/> items each, into a new store.</summary>
    public static void RunPages(BenchOptions options, string work, TextWriter log, RunResults results)
    {
        if (!HostProcess.Exists)
        {
            results.Pages = new PagesResult(options.Pages, 0, 0, 0, "not measured: the host binary was not built.");
            return;
        }

        var folder = Path.Combine(work, "pages");
        var storeDirectory = Path.Combine(work, "pages-store");
        EngineChild.TryDelete(folder);
        EngineChild.TryDelete(storeDirectory);
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(storeDirectory);
        var expected = PageFiles.Write(folder, options.Pages, ItemsPerPage);
        Console.Error.WriteLine($"== first start: `BulletinBot ingest` over {options.Pages:N0} pages of {ItemsPerPage} items into a new store");
        var environment = new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(storeDirectory, "bulletins.db"),
            ["Ingestion__SeedsPath"] = folder,
        };
        var run = HostProcess.Run(["ingest"], environment, captureOutput: true);
        log.WriteLine($"[pages] exit {run.Exit} in {run.Elapsed.TotalSeconds:F1} s\n{run.Output}");
        var match = AddedPattern().Match(run.Output);
        var added = match.Success ? int.Parse(match.Groups["added"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        string? note = null;
        if (run.Exit != 0 || !match.Success)
        {
            note = $"`BulletinBot ingest` exited with {run.Exit}: {run.Output.Split('\n').FirstOrDefault(l => l.Length > 0)}";
            results.Failures.Add($"first start over pages: {note}");
        }
        else if (added < expected * 0.95)
        {
            note = $"the host read {added:N0} of the {expected:N0} items written";
            results.Failures.Add($"first start over pages: {note}.");
        }

        results.Pages = new PagesResult(options.Pages, expected, added, run.Elapsed.TotalSeconds, note);
        Console.Error.WriteLine($"  {added:N0} items in {run.Elapsed.TotalSeconds:F1} s ({added / Math.Max(1e-9, run.Elapsed.TotalSeconds):N0} items/s)");
        EngineChild.TryDelete(folder);
        EngineChild.TryDelete(storeDirectory);
    }

    [GeneratedRegex(@"(?<added>\d+) new item\(s\)")]
    private static partial Regex AddedPattern();
}

/// <summary>One command timed cold: its label, arguments, and how many untimed and timed starts.</summary>
internal sealed record ColdCommand(string Label, string[] Arguments, int Warmups, int Runs);

/// <summary>Times whole starts of the host, the commands interleaved (one start of each in turn), so a busy moment falls on all of them alike.</summary>
internal static class ColdTimer
{
    public static List<ColdTiming> Time(IReadOnlyDictionary<string, string> environment, IReadOnlyList<ColdCommand> commands)
    {
        var times = commands.Select(_ => new List<double>()).ToArray();
        var rounds = commands.Max(c => c.Warmups + c.Runs);
        for (var round = 0; round < rounds; round++)
        {
            for (var c = 0; c < commands.Count; c++)
            {
                var command = commands[c];
                if (round >= command.Warmups + command.Runs)
                {
                    continue;
                }

                var elapsed = HostProcess.Run(command.Arguments, environment, captureOutput: false).Elapsed.TotalMilliseconds;
                if (round >= command.Warmups)
                {
                    times[c].Add(elapsed);
                }
            }
        }

        return commands.Select((command, c) =>
        {
            var sorted = times[c].Order().ToList();
            return new ColdTiming(command.Label, sorted.Count, Harness.LatencyHarness.Percentile(sorted, 0.5), sorted[0], sorted[^1]);
        }).ToList();
    }
}

/// <summary>The terminal chat fed searches on its standard input; its peak resident memory (VmHWM) is read from /proc while it runs, up to its exit.</summary>
internal static class ChatMemory
{
    public static (int Exit, long PeakBytes, double Seconds) Measure(IReadOnlyDictionary<string, string> environment, IEnumerable<string> lines, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(HostProcess.StartInfo([], environment, redirectInput: true))!;
        var outputLines = 0;
        process.OutputDataReceived += (_, e) => Interlocked.Add(ref outputLines, e.Data is null ? 0 : 1);
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var writer = Task.Run(() =>
        {
            foreach (var line in lines)
            {
                process.StandardInput.WriteLine(line);
            }

            process.StandardInput.WriteLine("quit");
            process.StandardInput.Close();
        });

        long peak = 0;
        while (!process.WaitForExit(20))
        {
            peak = Math.Max(peak, HostProcess.Memory(process.Id).PeakBytes);
        }

        process.WaitForExit();
        writer.Wait();
        lock (errors)
        {
            log.WriteLine($"[chat] exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s, {outputLines:N0} lines out, peak {peak / 1e6:F0} MB; stderr:\n{string.Join('\n', errors.Take(50))}");
        }

        return (process.ExitCode, peak, clock.Elapsed.TotalSeconds);
    }
}

internal sealed record ColdTiming(string Command, int Runs, double MedianMs, double MinMs, double MaxMs);

/// <summary>The user path at one size; <see cref="Note"/> says why it was not measured.</summary>
internal sealed record UserPathResult(int Size, string? Note)
{
    public double FirstSearchMs { get; init; }

    public List<ColdTiming> Cold { get; init; } = [];

    public int Searches { get; init; }

    public long PeakResidentBytes { get; init; }

    public double ChatSeconds { get; init; }

    public ColdTiming? Timing(string command) => Cold.FirstOrDefault(c => c.Command == command);
}

internal sealed record PagesResult(int Pages, int ExpectedItems, int AddedItems, double Seconds, string? Note)
{
    public double ItemsPerSecond => Seconds > 0 ? AddedItems / Seconds : 0;
}
