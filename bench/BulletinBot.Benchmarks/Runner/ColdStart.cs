using System.Diagnostics;
using System.Text.Json;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// A cold <c>ask latest</c>: the host as a whole new process over the store built by our upsert
/// path, against the bare start of the same binary with <c>--version</c>. Timed with hyperfine when
/// it is installed (<c>apt-get install hyperfine</c>), else by starting the process ourselves.
/// </summary>
internal static class ColdStart
{
    private const int Runs = 10;
    private const int Warmups = 2;

    public static void Run(BenchOptions options, string work, TextWriter log, RunResults results)
    {
        var size = options.Sizes.Contains(StoreStage.ColdStartSize) ? StoreStage.ColdStartSize : options.Smoke ? options.Sizes[^1] : 0;
        var store = Path.Combine(StoreStage.Directory(work, size), $"{StoreCatalog.Ours}.db");
        string? Skip()
        {
            if (size == 0)
            {
                return $"not measured: the run did not include the {StoreStage.ColdStartSize:N0} size.";
            }

            if (!File.Exists(store))
            {
                return "not measured: the store benchmarks did not leave a store of ours to open.";
            }

            return File.Exists(RepoPaths.HostBinary()) ? null : "not measured: the host binary was not built (build bench/BulletinBot.Benchmarks in Release).";
        }

        if (Skip() is { } reason)
        {
            results.Cold = new ColdStartResult(size, "none", 0, 0, 0, 0, reason);
            Console.Error.WriteLine($"== cold start {reason}");
            return;
        }

        var seeds = Path.Combine(work, "empty-seeds");
        Directory.CreateDirectory(seeds);
        var environment = new Dictionary<string, string> { ["Storage__Path"] = store, ["Ingestion__SeedsPath"] = seeds };
        var host = RepoPaths.HostBinary();
        var probe = Execute(host, ["ask", "latest"], environment, captureOutput: true);
        log.WriteLine($"[cold] probe: exit {probe.Exit}\n{probe.Output}");
        if (probe.Exit != 0 || string.IsNullOrWhiteSpace(probe.Output))
        {
            results.Cold = new ColdStartResult(size, "none", 0, 0, 0, 0, probe.Exit != 0
                ? $"not measured: `BulletinBot ask latest` exited with {probe.Exit}: {probe.Output.Split('\n').FirstOrDefault(l => l.Length > 0)}"
                : "not measured: `BulletinBot ask latest` printed nothing (the host does not answer `ask` yet).");
            Console.Error.WriteLine($"== cold start {results.Cold.Note}");
            return;
        }

        Console.Error.WriteLine($"== cold start: `ask latest` on the {size:N0} store vs `--version`");
        results.Cold = HyperfineAvailable()
            ? WithHyperfine(host, environment, work, size, log)
            : ByHand(host, environment, size);
    }

    private static ColdStartResult WithHyperfine(string host, Dictionary<string, string> environment, string work, int size, TextWriter log)
    {
        var export = Path.Combine(work, "cold-start.json");
        var arguments = new List<string> { "-N", "--warmup", Warmups.ToString(), "--runs", Runs.ToString(), "--export-json", export, $"{host} --version", $"{host} ask latest" };
        var result = Execute("hyperfine", arguments, environment, captureOutput: true);
        log.WriteLine($"[cold] hyperfine exit {result.Exit}\n{result.Output}");
        if (result.Exit != 0)
        {
            return ByHand(host, environment, size);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(export));
        var runs = json.RootElement.GetProperty("results");
        double Ms(int index, string property) => runs[index].GetProperty(property).GetDouble() * 1000;
        return new ColdStartResult(size, "hyperfine", Ms(0, "median"), Ms(0, "mean"), Ms(1, "median"), Ms(1, "mean"), null);
    }

    private static ColdStartResult ByHand(string host, Dictionary<string, string> environment, int size)
    {
        List<double> Time(string[] arguments)
        {
            var times = new List<double>();
            for (var i = 0; i < Warmups + Runs; i++)
            {
                var clock = Stopwatch.StartNew();
                Execute(host, arguments, environment, captureOutput: false);
                if (i >= Warmups)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            return times;
        }

        var version = Time(["--version"]);
        var ask = Time(["ask", "latest"]);
        return new ColdStartResult(size, "Process.Start", version[version.Count / 2], version.Average(), ask[ask.Count / 2], ask.Average(), null);
    }

    private static bool HyperfineAvailable()
    {
        try
        {
            return Execute("hyperfine", ["--version"], new Dictionary<string, string>(), captureOutput: true).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int Exit, string Output) Execute(string file, IEnumerable<string> arguments, Dictionary<string, string> environment, bool captureOutput)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, captureOutput ? output.Result + error.Result : "");
    }
}

internal sealed record ColdStartResult(int Size, string Tool, double VersionMedianMs, double VersionMeanMs, double AskMedianMs, double AskMeanMs, string? Note)
{
    public double Ratio => VersionMedianMs > 0 ? AskMedianMs / VersionMedianMs : 0;
}
