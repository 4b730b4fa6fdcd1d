using System.Diagnostics;
using System.Globalization;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Runner;

namespace BulletinBot.Benchmarks.Profile;

/// <summary>
/// <c>profile-search size kind seconds work [engine variant] [--reuse-store]</c>: one engine answering one kind of the
/// benchmark's queries over and over for a while, for a sampling profiler to watch; prints the
/// median and p99. The engine is built afresh each time in <c>work</c>. For deciding, not for the report.
/// </summary>
internal static class SearchProfile
{
    public static int Run(IReadOnlyList<string> args)
    {
        var size = int.Parse(args[0], CultureInfo.InvariantCulture);
        var kind = args[1];
        var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var work = args[3];
        var engineName = args.Count > 4 && !args[4].StartsWith("--", StringComparison.Ordinal) ? args[4] : EngineCatalog.Ours;
        var variant = args.Count > 5 && !args[5].StartsWith("--", StringComparison.Ordinal) ? args[5] : OurEngine.IndexOnly;
        var generator = new CorpusGenerator(RepoPaths.Seeds);
        var queries = QuerySetBuilder.Build(generator.Generate(size), size + generator.SeedBulletins.Count, generator.SeedBulletins)
            .Where(q => kind == "all" ? q.Kind != QueryKinds.Sanity : q.Kind == kind).ToList();
        Directory.CreateDirectory(work);
        using var engine = EngineCatalog.Create(engineName, work);
        if (engine is OurEngine ours && File.Exists(Path.Combine(work, "ours.db")) && args.Contains("--reuse-store"))
        {
            // The store of an earlier run, with its index built afresh (the index format may have changed).
            ours.OpenStore();
        }
        else
        {
            engine.Build(generator.Generate(size));
        }

        foreach (var query in queries)
        {
            engine.Search(query, variant, 10);
        }

        Console.WriteLine($"## built; {queries.Count} {kind} queries; pid {Environment.ProcessId}");
        var times = queries.Select(q => q.Kind).Distinct().ToDictionary(k => k, _ => new List<double>());
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var query in queries)
            {
                var before = Stopwatch.GetTimestamp();
                engine.Search(query, variant, 10);
                times[query.Kind].Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            }
        }

        foreach (var (name, list) in times)
        {
            list.Sort();
            Console.WriteLine($"## {engineName} ({variant}) {name}: p50 {list[list.Count / 2]:F4} ms, p99 {list[(int)(list.Count * 0.99)]:F4} ms over {list.Count:N0}");
        }

        return 0;
    }
}
