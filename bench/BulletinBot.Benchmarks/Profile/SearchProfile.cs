using System.Diagnostics;
using System.Globalization;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Runner;

namespace BulletinBot.Benchmarks.Profile;

/// <summary>
/// <c>profile-search size kind seconds work [engine variant] [--reuse-store [--reuse-index]] [--per-query] [--only text] [--phases n [--reopen]]</c>: one engine answering one kind of the
/// benchmark's queries over and over for a while, for a sampling profiler to watch; prints the
/// median and p99 (with <c>--phases</c>, that many times in a row; with <c>--reopen</c>, ours opened again between them on fresh memory). The engine is built afresh each time in <c>work</c>. For deciding, not for the report.
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
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        if (only is not null)
        {
            queries = queries.Where(q => q.Text.Contains(only, StringComparison.Ordinal)).ToList();
        }

        Directory.CreateDirectory(work);
        var engine = EngineCatalog.Create(engineName, work);
        if (engine is OurEngine ours && File.Exists(Path.Combine(work, "ours.db")) && args.Contains("--reuse-store"))
        {
            // The store of an earlier run, with its index built afresh (the index format may have changed), or
            // with its index as that run left it, where only the query code changed since.
            ours.OpenStore(keepIndex: args.Contains("--reuse-index"));
        }
        else
        {
            engine.Build(generator.Generate(size));
        }

        WarmOnce();
        Console.WriteLine($"## built; {queries.Count} {kind} queries; pid {Environment.ProcessId}");
        var phases = args.SkipWhile(a => a != "--phases").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1);
        var perQuery = queries.ToDictionary(q => q, _ => new List<double>());
        var ballast = new List<byte[]>();
        for (var phase = 1; phase <= phases; phase++)
        {
            if (phase > 1 && engine is OurEngine && args.Contains("--reopen"))
            {
                // The index opened again from its files, after a ballast of fresh memory is taken and kept: what
                // the heap holds then lies at other addresses and on other pages, with the same code. A phase that
                // runs at another speed than the one before it points at where the data lies in memory.
                ballast.Add(GC.AllocateUninitializedArray<byte>(128 << 20, pinned: true));
                Array.Fill(ballast[^1], (byte)phase);
                engine.Dispose();
                GC.Collect();
                engine = EngineCatalog.Create(engineName, work);
                ((OurEngine)engine).OpenStore(keepIndex: true);
                WarmOnce();
            }

            var times = queries.Select(q => q.Kind).Distinct().ToDictionary(k => k, _ => new List<double>());
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                foreach (var query in queries)
                {
                    var before = Stopwatch.GetTimestamp();
                    engine.Search(query, variant, 10);
                    var elapsed = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
                    times[query.Kind].Add(elapsed);
                    perQuery[query].Add(elapsed);
                }
            }

            var label = phases > 1 ? $" phase {phase}" : "";
            foreach (var (name, list) in times)
            {
                list.Sort();
                Console.WriteLine($"## {engineName} ({variant}){label} {name}: p50 {list[list.Count / 2]:F4} ms, p99 {list[(int)(list.Count * 0.99)]:F4} ms over {list.Count:N0}");
            }
        }

        if (args.Contains("--per-query"))
        {
            // The slowest queries first, each by its own median and worst, to see which ones make the p99.
            foreach (var (query, list) in perQuery.OrderByDescending(p => p.Value.Max()))
            {
                list.Sort();
                var words = string.Join(" · ", query.Terms.Select(t => $"{t} {engine.Search(query with { Terms = [t], Phrase = null }, variant, 1).Total}"));
                Console.WriteLine($"#  {list[list.Count / 2],8:F4} ms p50 {list[^1],8:F4} ms max  {query.Kind} `{query.Text}`: {engine.Search(query, variant, 1).Total} matches ({words})");
            }
        }

        engine.Dispose();
        GC.KeepAlive(ballast);
        return 0;

        // One untimed pass over the queries, after every opening of the engine.
        void WarmOnce()
        {
            foreach (var query in queries)
            {
                engine.Search(query, variant, 10);
            }
        }
    }
}
