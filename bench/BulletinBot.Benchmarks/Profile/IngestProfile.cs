using System.Diagnostics;
using System.Globalization;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Runner;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Profile;

/// <summary>
/// The first ingest of one store alone, for a profiler and for work on ingest speed: the corpus of the given size
/// written into a new store file of <c>ours</c> or <c>raw-litedb</c>, timed once, with a line every tenth of the way
/// (the rate falls as the store grows). Not a report: the store stage measures both in one run.
/// </summary>
internal static class IngestProfile
{
    /// <summary>Arguments: size store work-directory.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count < 3)
        {
            Console.Error.WriteLine("usage: profile-ingest <size> <ours|raw-litedb> <work-directory>");
            return 2;
        }

        var size = int.Parse(args[0], CultureInfo.InvariantCulture);
        var name = args[1];
        var work = args[2];
        Directory.CreateDirectory(work);
        var items = new CorpusGenerator(RepoPaths.Seeds).Generate(size).ToList();
        var file = Path.Combine(work, $"{name}-{size}.db");
        StoreCatalog.Delete(file);
        var clock = Stopwatch.StartNew();
        var tenth = Math.Max(StoreCatalog.BatchSize, items.Count / 10 / StoreCatalog.BatchSize * StoreCatalog.BatchSize);
        using (var store = StoreCatalog.Open(name, file))
        {
            var done = 0;
            var lap = Stopwatch.StartNew();
            foreach (var part in items.Chunk(tenth))
            {
                store.Ingest(part, StoreCatalog.BatchSize);
                done += part.Length;
                Console.WriteLine($"{done,10:N0} items: {part.Length / lap.Elapsed.TotalSeconds,8:N0} items/s over the last {part.Length:N0}");
                lap.Restart();
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: first ingest of {items.Count:N0} items in {seconds:F1} s ({items.Count / seconds:N0} items/s), {StoreCatalog.DiskBytes(file) / 1e6:F1} MB on disk");
        StoreCatalog.Delete(file);
        return 0;
    }
}
