using System.Globalization;
using System.Text.Json;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>The parent's side of the store benchmarks: one child process per size.</summary>
internal static class StoreStage
{
    public static string Directory(string work, int size) => Path.Combine(work, $"store-{size}");

    public static void Run(BenchOptions options, int size, string work, TextWriter log, RunResults results, SizeResults sizeResults)
    {
        var directory = Directory(work, size);
        for (var run = 1; run <= options.Runs; run++)
        {
            // The two stores swap places from run to run, as the engines do.
            var resultFile = Path.Combine(work, $"result-store-{size}.json");
            File.Delete(resultFile);
            var exit = ChildProcess.Run("store", [
                "store-child", size.ToString(CultureInfo.InvariantCulture), directory, resultFile, options.Smoke ? "smoke" : "full",
                run % 2 == 0 ? "reversed" : "listed",
            ], log);
            if (exit != 0 || !File.Exists(resultFile))
            {
                results.Failures.Add($"store benchmarks at {size:N0}, run {run}: the child process exited with {exit} (see run.log in the work directory).");
                return;
            }

            sizeResults.Store.AddRange(JsonSerializer.Deserialize<List<StoreResult>>(File.ReadAllText(resultFile), Json.Options)!
                .Select(r => r with { Run = run }));
        }
    }

    /// <summary>Our store at this size, as the last store run left it, for the user path.</summary>
    public static string OurStoreFile(string work, int size) => Path.Combine(Directory(work, size), $"{StoreCatalog.Ours}.db");

    public static void Clean(string work, int size) => EngineChild.TryDelete(Directory(work, size));
}
