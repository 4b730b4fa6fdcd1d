using System.Diagnostics;
using System.Globalization;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Runner;
using BulletinBot.Benchmarks.Store;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Query;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Benchmarks.Typing;

/// <summary>
/// Search as you type and typo tolerance, ours only (the peers have no such queries to compare):
/// <c>typing [items] [--work dir] [--rounds 3]</c>. The corpus goes through our store into its persisted
/// index, reopened as a restarted bot opens it; then the term, and-2 and and-3 queries of the benchmark's
/// query set are timed four ways, top 10 each:
/// <list type="bullet">
/// <item><c>exact-strict</c>: every word exactly, no typo forgiven (the engine as it was);</item>
/// <item><c>exact</c>: the same text as the bot's search reads it, typos forgiven (their runs are skipped once the exact ones fill the page);</item>
/// <item><c>prefix</c>: the last word cut to 3 letters up to one short of the whole, read as the reader is still typing;</item>
/// <item><c>typo</c>: one letter after the first of a word of five letters or more replaced.</item>
/// </list>
/// Prints p50 and p99 per kind, the share of prefix and typo queries that found the exact query's first
/// hit in their top 10, and the load average; exits non-zero when a query throws or none of a kind recovers.
/// </summary>
internal static class TypingBench
{
    private const int Take = 10;
    private const int Seed = 2_026_1206;

    public static int Run(string[] args)
    {
        var size = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        var work = Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "bulletinbot-typing-bench");
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        try
        {
            return Measure(size, Path.Combine(work, "bulletins.db"), rounds);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Measure(int size, string file, int rounds)
    {
        var generator = new CorpusGenerator(RepoPaths.Seeds);
        var clock = Stopwatch.StartNew();
        using (var writer = new OurStore(file))
        {
            writer.Ingest(generator.Generate(size), StoreCatalog.BatchSize);
        }

        using (var building = new OurStore(file))
        using (var search = new BulletinSearch(building.Store, NullLogger<BulletinSearch>.Instance))
        {
            search.PrepareAsync().GetAwaiter().GetResult();
            search.MergesIdle().GetAwaiter().GetResult();
        }

        Console.WriteLine($"## typing: {size:N0} items stored and indexed in {clock.Elapsed.TotalSeconds:F0} s");
        var queries = QuerySetBuilder.Build(generator.Generate(size), size + generator.SeedBulletins.Count, generator.SeedBulletins)
            .Where(q => q.Kind is QueryKinds.RareTerm or QueryKinds.CommonTerm or QueryKinds.And2 or QueryKinds.And3)
            .ToList();
        var random = new Random(Seed);
        var kinds = new List<(string Kind, List<(SearchQuery Query, int Exact)> Queries)>
        {
            ("exact-strict", []), ("exact", []), ("prefix", []), ("typo", []),
        };
        for (var i = 0; i < queries.Count; i++)
        {
            var words = queries[i].Terms;
            kinds[0].Queries.Add((Parse(queries[i].Text) with { ForgivesTypos = false }, i));
            kinds[1].Queries.Add((Parse(queries[i].Text), i));
            var last = words[^1];
            if (last.Length >= 4)
            {
                var cut = last[..random.Next(3, last.Length)];
                kinds[2].Queries.Add((Parse(string.Join(' ', words[..^1].Append(cut)), new SearchOptions { LastWordIsPrefix = true }), i));
            }

            var long5 = Enumerable.Range(0, words.Length).Where(w => words[w].Length >= 5 && words[w].All(char.IsAsciiLetterLower)).ToList();
            if (long5.Count > 0)
            {
                var w = long5[random.Next(long5.Count)];
                var letters = words[w].ToCharArray();
                var at = random.Next(1, letters.Length);
                letters[at] = (char)('a' + ((letters[at] - 'a' + 1 + random.Next(25)) % 26));
                var typo = (string[])words.Clone();
                typo[w] = new string(letters);
                kinds[3].Queries.Add((Parse(string.Join(' ', typo)), i));
            }
        }

        var failed = false;
        using var store = new OurStore(file);
        using var bulletinSearch = new BulletinSearch(store.Store, NullLogger<BulletinSearch>.Instance);
        bulletinSearch.PrepareAsync().GetAwaiter().GetResult();
        var firstHits = kinds[0].Queries.Select(q => bulletinSearch.Find(q.Query, 0, Take).Hits is [var first, ..] ? first.BulletinId : null).ToList();
        var loadBefore = MachineInfo.LoadAverage();
        Console.WriteLine();
        Console.WriteLine("| kind | queries | p50 ms | p99 ms | exact's first hit in top 10 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (kind, set) in kinds)
        {
            // One round unmeasured: the JIT and the postings read from the files.
            var recovered = 0;
            foreach (var (query, exact) in set)
            {
                var hits = bulletinSearch.Find(query, 0, Take).Hits;
                recovered += firstHits[exact] is { } id && hits.Any(h => h.BulletinId == id) ? 1 : 0;
            }

            var samples = new List<double>(set.Count * rounds);
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (query, _) in set)
                {
                    var started = Stopwatch.GetTimestamp();
                    _ = bulletinSearch.Find(query, 0, Take);
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            samples.Sort();
            var withFirst = set.Count(q => firstHits[q.Exact] is not null);
            failed |= set.Count > 0 && recovered == 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {set.Count} | {Percentile(samples, 0.50):F2} | {Percentile(samples, 0.99):F2} | {recovered} of {withFirst} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Load average {loadBefore:F2} before, {MachineInfo.LoadAverage():F2} after; {Environment.ProcessorCount} cores; {rounds} rounds."));
        return failed ? 1 : 0;
    }

    private static SearchQuery Parse(string text, SearchOptions? options = null) =>
        SearchQueryParser.Parse(text, options ?? SearchOptions.Default).Query
            ?? throw new InvalidOperationException($"Our parser refused `{text}`.");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
