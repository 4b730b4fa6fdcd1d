using System.Globalization;
using System.Text;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Harness;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>Renders one run as docs/benchmarks.md: the tables, the targets as ratios, and how it was measured.</summary>
internal static class Report
{
    public static string Render(RunResults run)
    {
        var md = new StringBuilder();
        var arguments = ShownArguments(run.Options.Arguments);
        var command = "dotnet run -c Release --project bench/BulletinBot.Benchmarks" +
            (arguments.Count > 0 ? " -- " + string.Join(' ', arguments) : "");
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine("Written by the benchmark itself; do not edit by hand. Regenerate with:").AppendLine();
        md.AppendLine("```").AppendLine(command).AppendLine("```").AppendLine();
        md.AppendLine($"- Run: {run.Started:yyyy-MM-dd HH:mm} UTC, {run.Elapsed.TotalMinutes:F0} min in all{(run.Options.Smoke ? " (**smoke run**: tiny corpus, one iteration; the figures mean nothing)" : "")}.");
        md.AppendLine($"- Machine: {run.Machine}.");
        md.AppendLine($"- Engines: {string.Join(", ", run.Engines)}.");
        md.AppendLine($"- Checks: {(run.Failures.Count == 0 ? "all passed" : $"**{run.Failures.Count} failed** (listed at the end)")}.").AppendLine();

        RenderTargets(md, run);
        foreach (var size in run.Sizes)
        {
            RenderSize(md, size);
        }

        RenderCold(md, run.Cold);
        RenderMethod(md);
        if (run.Failures.Count > 0)
        {
            md.AppendLine("## Failed checks").AppendLine();
            foreach (var failure in run.Failures.Take(100))
            {
                md.AppendLine($"- {failure}");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static void RenderTargets(StringBuilder md, RunResults run)
    {
        md.AppendLine("## Targets").AppendLine();
        md.AppendLine("| target | measured | ratio | met |").AppendLine("|---|---|---:|:---:|");
        var any = false;
        foreach (var size in run.Sizes)
        {
            var ours = OurSearch(size);
            var lean = Variant(size, EngineCatalog.Lucene, LuceneEngine.Lean);
            var plain = Variant(size, EngineCatalog.Lucene, LuceneEngine.Plain);
            if (ours is null || lean is null)
            {
                continue;
            }

            any = true;
            if (size.Size == 100_000 || run.Options.Smoke)
            {
                foreach (var kind in QueryKinds.Measured.Append("all"))
                {
                    var o = Kind(ours, kind);
                    var l = Kind(lean, kind);
                    if (o is null || l is null)
                    {
                        continue;
                    }

                    Row(md, $"{size.Size:N0}, {kind}: our p50 ≤ lean Lucene's p50", $"{Ms(o.P50Ms)} vs {Ms(l.P50Ms)}", o.P50Ms / l.P50Ms, o.P50Ms <= l.P50Ms);
                    var lucenesBestP99 = Math.Min(l.P99Ms, Kind(plain, kind)?.P99Ms ?? double.MaxValue);
                    Row(md, $"{size.Size:N0}, {kind}: our p99 ≤ Lucene's p99 (the better variant)", $"{Ms(o.P99Ms)} vs {Ms(lucenesBestP99)}", o.P99Ms / lucenesBestP99, o.P99Ms <= lucenesBestP99);
                }
            }

            if (size.Size >= 1_000_000)
            {
                Row(md, $"{size.Size:N0}: our p99 < 10 ms", Ms(ours.All.P99Ms), ours.All.P99Ms / 10, ours.All.P99Ms < 10);
                var bestP99 = Math.Min(lean.All.P99Ms, plain?.All.P99Ms ?? double.MaxValue);
                Row(md, $"{size.Size:N0}: our p99 < Lucene's p99", $"{Ms(ours.All.P99Ms)} vs {Ms(bestP99)}", ours.All.P99Ms / bestP99, ours.All.P99Ms < bestP99);
            }

            var peak = size.Engines.First(e => e.Engine == EngineCatalog.Ours).PeakWorkingSetBytes;
            if (size.Size == 100_000 || run.Options.Smoke)
            {
                Row(md, $"{size.Size:N0}: peak memory < 300 MB", Mb(peak), peak / 300e6, peak < 300e6);
            }
        }

        foreach (var size in run.Sizes)
        {
            var ours = Ingest(size, StoreCatalog.Ours);
            var raw = Ingest(size, StoreCatalog.Raw);
            if (ours is not null && raw is not null)
            {
                any = true;
                var ratio = ours.ItemsPerSecond / raw.ItemsPerSecond;
                Row(md, $"{size.Size:N0}: ingest ≥ 50% of raw InsertBulk", $"{ours.ItemsPerSecond:N0} vs {raw.ItemsPerSecond:N0} items/s", ratio, ratio >= 0.5);
            }
        }

        if (run.Cold is { Note: null } cold)
        {
            any = true;
            Row(md, $"{cold.Size:N0}: cold `ask latest` within 1.5× of `--version`", $"{Ms(cold.AskMedianMs)} vs {Ms(cold.VersionMedianMs)}", cold.Ratio, cold.Ratio <= 1.5);
        }

        if (!any)
        {
            md.AppendLine("| all | not measured: the run left out our engine and store | | |");
        }

        md.AppendLine();
    }

    private static void RenderSize(StringBuilder md, SizeResults size)
    {
        md.AppendLine($"## {size.Size:N0} bulletins").AppendLine();
        md.AppendLine($"{size.Documents:N0} items (the generated ones plus the real seed pages); {size.Queries.Count(q => q.Kind != QueryKinds.Sanity)} timed queries ({string.Join(", ", QueryKinds.Measured.Select(k => $"{size.Queries.Count(q => q.Kind == k)} {k}"))}), top 10." +
            (size.Corpus is { } corpus ? $" The corpus has {corpus.DistinctWords:N0} distinct words ({corpus.WordsSeenOnce:N0} seen in only one item), {corpus.WordsPerItem:F0} words per item on average." : "")).AppendLine();
        md.AppendLine("### Search").AppendLine();
        md.AppendLine("| engine | build (items/s) | on disk | peak memory | peak serving | p50 | p99 | mean | allocated / query | executions | load |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var engine in size.Engines)
        {
            foreach (var variant in engine.Variants)
            {
                md.AppendLine($"| {variant.Label} | {engine.Documents / engine.BuildSeconds:N0} | {(engine.DiskBytes == 0 ? "RAM" : Mb(engine.DiskBytes))} | {Mb(engine.PeakWorkingSetBytes)} | {(engine.ServingPeakWorkingSetBytes > 0 ? Mb(engine.ServingPeakWorkingSetBytes) : "–")} | {Ms(variant.All.P50Ms)} | {Ms(variant.All.P99Ms)} | {Ms(variant.All.MeanMs)} | {Bytes(variant.All.AllocatedBytesPerQuery)} | {variant.All.Executions:N0} | {engine.LoadAverages} |");
            }
        }

        md.AppendLine().AppendLine("p50 / p99 by kind of query:").AppendLine();
        md.AppendLine("| engine | " + string.Join(" | ", QueryKinds.Measured) + " |");
        md.AppendLine("|---|" + string.Concat(QueryKinds.Measured.Select(_ => "---:|")));
        foreach (var variant in size.Engines.SelectMany(e => e.Variants))
        {
            md.AppendLine($"| {variant.Label} | " + string.Join(" | ", QueryKinds.Measured.Select(k => Kind(variant, k) is { } l ? $"{Ms(l.P50Ms)} / {Ms(l.P99Ms)}" : "–")) + " |");
        }

        md.AppendLine().AppendLine("Slowest queries (median of their executions):").AppendLine();
        foreach (var variant in size.Engines.SelectMany(e => e.Variants))
        {
            var slow = variant.Slowest.Select(s => $"`{size.Queries.First(q => q.Number == s.Number).Text}` {Ms(s.MedianMs)}");
            md.AppendLine($"- {variant.Label}: {string.Join("; ", slow)}");
        }

        md.AppendLine();
        if (size.Checks is { } checks)
        {
            md.AppendLine("### Agreement with the floor's exhaustive BM25").AppendLine();
            md.AppendLine("Per kind: queries whose top 10 is the same set as the reference's / same order / mean overlap of the top 10 / same total matches (where the engine reports an exact total). Ours is checked against the floor built with our analyzer and our BM25F (title and body fields); the peers against the floor with plain folding and one-field BM25, whose formula Lucene shares but not its lossy length norms.").AppendLine();
            md.AppendLine("| engine | against | " + string.Join(" | ", QueryKinds.Measured.Append(QueryKinds.Sanity)) + " | all |");
            md.AppendLine("|---|---|" + string.Concat(QueryKinds.Measured.Append(QueryKinds.Sanity).Select(_ => "---|")) + "---|");
            foreach (var agreement in checks.Agreements)
            {
                md.AppendLine($"| {agreement.Label} | {agreement.Reference} | " + string.Join(" | ", QueryKinds.Measured.Append(QueryKinds.Sanity).Select(k =>
                    agreement.PerKind.TryGetValue(k, out var c) ? Describe(c) : "–")) + $" | {Describe(agreement.Overall)} |");
            }

            md.AppendLine();
            foreach (var agreement in checks.Agreements)
            {
                var overall = agreement.Overall;
                md.AppendLine($"- {agreement.Label}: {overall.SameSet} of {overall.Compared} top 10s are the reference's set; {overall.TiesAtTheCut} more differ only among hits tied with the reference's 10th; {agreement.Disagreements.Count} differ otherwise.");
                if (agreement.Label.StartsWith(EngineCatalog.Ours, StringComparison.Ordinal))
                {
                    foreach (var d in agreement.Disagreements.Take(10))
                    {
                        md.AppendLine($"  - #{d.Number} {d.Kind} `{d.Text}`: reference only: {d.Missing}; ours only: {d.Extra}.");
                    }
                }
            }

            md.AppendLine();
        }

        if (size.Store.Count > 0)
        {
            md.AppendLine("### Store").AppendLine();
            md.AppendLine("| store | operation | mean | median | allocated / op | items/s | on disk | how |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
            foreach (var result in size.Store)
            {
                md.AppendLine($"| {result.Store} | {result.Operation} | {Ms(result.MeanMs)} | {Ms(result.MedianMs)} | {(result.AllocatedBytes > 0 ? Bytes(result.AllocatedBytes) : "–")} | {(result.ItemsPerSecond > 0 ? result.ItemsPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {(result.DiskBytes > 0 ? Mb(result.DiskBytes) : "–")} | {result.How} |");
            }

            md.AppendLine();
        }
    }

    private static void RenderCold(StringBuilder md, ColdStartResult? cold)
    {
        if (cold is null)
        {
            return;
        }

        md.AppendLine("## Cold start").AppendLine();
        if (cold.Note is not null)
        {
            md.AppendLine($"Cold `ask latest`: {cold.Note}").AppendLine();
            return;
        }

        md.AppendLine($"The host binary as a new process each time, {cold.Tool}, 2 warm-up runs and 10 timed runs (the OS file cache is warm; the process is not).").AppendLine();
        md.AppendLine("| command | median | mean |").AppendLine("|---|---:|---:|");
        md.AppendLine($"| `BulletinBot --version` | {Ms(cold.VersionMedianMs)} | {Ms(cold.VersionMeanMs)} |");
        md.AppendLine($"| `BulletinBot ask latest` on the {cold.Size:N0} store | {Ms(cold.AskMedianMs)} | {Ms(cold.AskMeanMs)} |");
        md.AppendLine();
    }

    private static void RenderMethod(StringBuilder md)
    {
        md.AppendLine("""
            ## How it is measured

            - **Corpus**: a deterministic generator (fixed seed) after the two real seed pages. Titles of 6–14 words; bodies of 1–4 paragraphs, 60–200 words; dates over 2005–2025 (1% undated); 70% English, 30% Spanish. About 30,000 distinct base words drawn with a Zipf–Mandelbrot spread: a few hundred real English and Spanish words (stop words the most frequent) and pseudo-words from syllables, some inflected (-s, -ed, -ing, -es) so stemming matters, and 300 collocations per language so phrases matter. A smaller corpus is a prefix of a larger one.
            - **Queries**: built from one pass over the same corpus: 30 rare terms (2 ≤ df ≤ max(3, N/5000)), 30 common content terms (the most frequent non-stop words), 40 AND of 2 and 30 AND of 3 words taken from one sampled item each, 40 two-word phrases taken from real text, 30 one- or two-word queries with a date filter (a month, a year, from a year on, up to a year). Plus sanity queries on the seed pages (the phrase "migration talks" and others on their own day), which every engine must answer with the seeded item; they are checked, not timed.
            - **Each engine in its own process**, back to back, on the same corpus and queries; the corpus is streamed into the engine and never held whole, so the peak working set (the process's VmHWM) is the engine's build plus its queries plus the runtime.
            - **Peak memory** is the child process's peak working set from the start of the build to the end of the queries; **peak serving** is the peak while answering queries only (the peak is reset after the build with a full collection and `/proc/self/clear_refs`). For ours, the corpus is first written to the store through its upsert path; that write is not part of the build time or of either peak (the store's ingest is measured under Store), and the index is then built from the store's `All()`, as the bot does at start. "On disk" for ours is the LiteDB store file, which holds the bulletins themselves; the index lives in memory.
            - **Load**: the machine's 1-minute load average when each engine's process started and ended. The machine has 2 cores and may be shared; a load well above 1 means other work competed with the measurement, and its figures are pessimistic.
            - **Latency**: our own harness, because BenchmarkDotNet reports one mean per method, not per-query percentiles. Two warm-up rounds over all queries, then rounds until a time budget per variant is spent (at least 3); each execution of each query is timed alone with `Stopwatch`, and p50/p99 are over all executions of a kind. Allocated bytes are `GC.GetAllocatedBytesForCurrentThread` around each execution (managed only: SQLite's native allocations are not seen).
            - **Ours**: the search index answers the query text through `SearchQueryParser`; the `index` variant returns its top 10 ids, the `index+store` variant also reads those 10 bulletins from the LiteDB store, as the bot does to show them.
            - **Lucene.Net 4.8.0-beta00017**: StandardAnalyzer with an empty stop set (so that every engine indexes the same tokens and a phrase such as "trafficking in persons" is not rewritten), BM25Similarity, MMapDirectory, one segment after the build (ForceMerge(1), counted in the build time). Terms MUST, phrases as PhraseQuery, dates as a NumericRangeFilter. `plain` loads each of the top 10 hits' whole stored document; `lean` loads only their id field.
            - **SQLite FTS5** (Microsoft.Data.Sqlite, bundled e_sqlite3) in a temporary file, WAL, `unicode61 remove_diacritics 2`, optimized after the build; the content is stored in the FTS table (as a store of record would); ordered by `bm25()`, with a join to a plain table for ids and dates.
            - **The floor**: `Dictionary<string, List<(doc, tf)>>`, AND by intersecting lists, every match scored with BM25 (k1 = 1.2, b = 0.75, Lucene's idf), phrases checked by rescanning the candidate's text. Its answers are the reference: the shape check wants every engine to return as many hits as it does for every query, and the agreement table compares each engine's top 10 with it. Lucene's lossy (one-byte) length norms, and the peers scoring a phrase as one unit (its own frequency) where the floors add up its words' BM25, make their top 10s differ from the floor's by design; their hit counts and totals must still match. Ours is checked against `floor-ours`, the same exhaustive floor with our analyzer (folding, light stemming, stop words holding their positions) and our BM25F (title ×2.5 and body, each normalised by its own length): there every top 10 must be the floor's set, or differ only among hits tied with the floor's 10th, which the report counts apart.
            - **Store**: each store is first built once with all items (timed once: "first ingest", and the size on disk). Then BenchmarkDotNet (in process, MemoryDiagnoser) times latest(10) and by-date for a month (the month's first 10, newest first, and its count, as the `date` command needs; twelve months in turn) on that store; every store must count the same items in those months, and ingest into a fresh file per iteration (Monitoring strategy, 1 warm-up, 3 iterations; at 1,000,000 items only the single timed first ingest, as a BenchmarkDotNet run would take most of an hour). Both stores write in batches of 5,000: ours through its upsert path, the baseline through `InsertBulk` into a collection with only the date index.
            - **Cold start**: `BulletinBot ask latest` with `Storage__Path` set to the 100,000-item store built by our upsert path and `Ingestion__SeedsPath` set to an empty folder, against `BulletinBot --version`, both as whole new processes.

            """);
    }

    /// <summary>The arguments as given, less any path of this machine (a scratch folder, an absolute output file).</summary>
    private static List<string> ShownArguments(IReadOnlyList<string> arguments)
    {
        var shown = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var hasValue = arguments[i] is "--work" or "--out" && i + 1 < arguments.Count;
            if (hasValue && (arguments[i] == "--work" || Path.IsPathRooted(arguments[i + 1])))
            {
                i++;
                continue;
            }

            shown.Add(arguments[i]);
        }

        return shown;
    }

    private static VariantResult? OurSearch(SizeResults size) =>
        Variant(size, EngineCatalog.Ours, "index+store") ?? Variant(size, EngineCatalog.Ours, "index");

    private static VariantResult? Variant(SizeResults size, string engine, string variant) =>
        size.Engines.FirstOrDefault(e => e.Engine == engine)?.Variants.FirstOrDefault(v => v.Variant == variant);

    private static KindLatency? Kind(VariantResult? variant, string kind) =>
        variant is null ? null : kind == "all" ? variant.All : variant.Kinds.FirstOrDefault(k => k.Kind == kind);

    private static StoreResult? Ingest(SizeResults size, string store) =>
        size.Store.FirstOrDefault(s => s.Store == store && s.Operation == "ingest")
        ?? size.Store.FirstOrDefault(s => s.Store == store && s.Operation == "first ingest");

    private static void Row(StringBuilder md, string target, string measured, double ratio, bool met) =>
        md.AppendLine($"| {target} | {measured} | {ratio:F2} | {(met ? "yes" : "**no**")} |");

    private static string Describe(AgreementCounts c) =>
        $"{c.SameSet}/{c.Compared} · {c.SameOrder}/{c.Compared} · {(c.Compared == 0 ? 0 : c.Overlap / c.Compared):P0}" +
        (c.TotalsCompared > 0 ? $" · {c.SameTotal}/{c.TotalsCompared}" : "");

    internal static string Ms(double ms) => ms switch
    {
        >= 100 => ms.ToString("N0", CultureInfo.InvariantCulture) + " ms",
        >= 10 => ms.ToString("F1", CultureInfo.InvariantCulture) + " ms",
        >= 1 => ms.ToString("F2", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("F3", CultureInfo.InvariantCulture) + " ms",
    };

    private static string Mb(long bytes) => (bytes / 1e6).ToString(bytes >= 10e6 ? "N0" : "F1", CultureInfo.InvariantCulture) + " MB";

    private static string Bytes(double bytes) => bytes >= 10_000
        ? (bytes / 1024).ToString("N0", CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";
}
