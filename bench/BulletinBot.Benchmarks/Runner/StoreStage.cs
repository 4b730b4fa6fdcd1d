using System.Globalization;
using System.Text.Json;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>The parent's side of the store benchmarks: one child process per size.</summary>
internal static class StoreStage
{
    public const int ColdStartSize = 100_000;

    public static string Directory(string work, int size) => Path.Combine(work, $"store-{size}");

    public static void Run(BenchOptions options, int size, string work, TextWriter log, RunResults results, SizeResults sizeResults)
    {
        var directory = Directory(work, size);
        var resultFile = Path.Combine(work, $"result-store-{size}.json");
        File.Delete(resultFile);
        var exit = ChildProcess.Run("store", [
            "store-child", size.ToString(CultureInfo.InvariantCulture), directory, resultFile, options.Smoke ? "smoke" : "full",
        ], log);
        if (exit != 0 || !File.Exists(resultFile))
        {
            results.Failures.Add($"store benchmarks at {size:N0}: the child process exited with {exit} (see run.log in the work directory).");
            return;
        }

        sizeResults.Store.AddRange(JsonSerializer.Deserialize<List<StoreResult>>(File.ReadAllText(resultFile), Json.Options)!);

        // The store at the cold-start size (or the smoke run's only size) stays for the cold start.
        if (size != ColdStartSize && !(options.Smoke && size == options.Sizes[^1]))
        {
            EngineChild.TryDelete(directory);
        }
    }
}
