using System.Globalization;
using System.Text;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Harness;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>Renders one run as docs/benchmarks.md: the tables, the targets as ratios, and how it was measured.</summary>
internal static partial class Report
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
        md.AppendLine($"- Engines: {string.Join(", ", run.Engines)}; {run.Options.Runs} run(s) of each at each size, each engine in a different place of the order from run to run; every search and store figure is the median of the runs.");
        md.AppendLine($"- Checks: {(run.Failures.Count == 0 ? "all passed" : $"**{run.Failures.Count} failed** (listed at the end)")}.").AppendLine();

        RenderTargets(md, run);
        foreach (var size in run.Sizes)
        {
            RenderSize(md, size, run.Options.Runs);
        }

        RenderUserPath(md, run);
        RenderMethod(md, run.Options.Runs);
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

    private static void RenderSize(StringBuilder md, SizeResults size, int runs)
    {
        md.AppendLine($"## {size.Size:N0} bulletins").AppendLine();
        md.AppendLine($"{size.Documents:N0} items (the generated ones plus the real seed pages); {size.Queries.Count(q => q.Kind != QueryKinds.Sanity)} timed queries ({string.Join(", ", QueryKinds.Measured.Select(k => $"{size.Queries.Count(q => q.Kind == k)} {k}"))}), top 10." +
            (size.Corpus is { } corpus ? $" The corpus has {corpus.DistinctWords:N0} distinct words ({corpus.WordsSeenOnce:N0} seen in only one item), {corpus.WordsPerItem:F0} words per item on average." : "")).AppendLine();
        var variants = Aggregate.Variants(size);
        md.AppendLine("### Search").AppendLine();
        md.AppendLine(runs > 1 ? $"Median of {runs} runs." : "One run.").AppendLine();
        md.AppendLine("| engine | build (items/s) | on disk | peak memory | peak serving | p50 | p99 | mean | allocated / query | executions | load (per run) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var v in variants)
        {
            var all = v.Kind("all")!;
            md.AppendLine($"| {v.Label} | {v.BuildItemsPerSecond:N0} | {(v.DiskBytes == 0 ? "RAM" : Mb(v.DiskBytes))} | {Mb(v.PeakWorkingSetBytes)} | {(v.ServingPeakWorkingSetBytes > 0 ? Mb(v.ServingPeakWorkingSetBytes) : "–")} | {Ms(all.P50Ms)} | {Ms(all.P99Ms)} | {Ms(all.MeanMs)} | {Bytes(all.AllocatedBytesPerQuery)} | {all.Executions:N0} | {v.Loads} |");
        }

        md.AppendLine().AppendLine($"p50 / p99 by kind of query{(runs > 1 ? ", median of the runs" : "")}:").AppendLine();
        md.AppendLine("| engine | " + string.Join(" | ", QueryKinds.Measured.Append("all")) + " |");
        md.AppendLine("|---|" + string.Concat(QueryKinds.Measured.Append("all").Select(_ => "---:|")));
        foreach (var v in variants)
        {
            md.AppendLine($"| {v.Label} | " + string.Join(" | ", QueryKinds.Measured.Append("all").Select(k => v.Kind(k) is { } l ? $"{Ms(l.P50Ms)} / {Ms(l.P99Ms)}" : "–")) + " |");
        }

        RenderCollections(md, variants, runs);
        if (runs > 1)
        {
            RenderSpread(md, size, variants);
        }

        md.AppendLine().AppendLine("Slowest queries (median of their executions, first run):").AppendLine();
        foreach (var v in variants)
        {
            var slow = v.Results[0].Slowest.Select(s => $"`{size.Queries.First(q => q.Number == s.Number).Text}` {Ms(s.MedianMs)}");
            md.AppendLine($"- {v.Label}: {string.Join("; ", slow)}");
        }

        md.AppendLine();
        if (size.Checks is { } checks)
        {
            RenderAgreement(md, checks);
        }

        if (size.Store.Count > 0)
        {
            md.AppendLine("### Store").AppendLine();
            md.AppendLine(runs > 1 ? $"Median of {runs} runs; the two stores are built in the listed order in odd runs and the other way in even ones. Spread: the lowest and highest mean of the runs." : "One run.").AppendLine();
            md.AppendLine("| store | operation | mean | median | spread | allocated / op | items/s | on disk | how |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var (result, min, max, count) in Aggregate.Store(size))
            {
                md.AppendLine($"| {result.Store} | {result.Operation} | {Ms(result.MeanMs)} | {Ms(result.MedianMs)} | {(count > 1 ? $"{Ms(min)} – {Ms(max)}" : "–")} | {(result.AllocatedBytes > 0 ? Bytes(result.AllocatedBytes) : "–")} | {(result.ItemsPerSecond > 0 ? result.ItemsPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {(result.DiskBytes > 0 ? Mb(result.DiskBytes) : "–")} | {result.How} |");
            }

            md.AppendLine();
        }
    }

    /// <summary>How much of each p99 is garbage collection: the p99 over the executions no collection
    /// landed in beside the p99 over all, and the share of executions with one.</summary>
    private static void RenderCollections(StringBuilder md, List<VariantRuns> variants, int runs)
    {
        md.AppendLine().AppendLine($"p99 over all executions / p99 over those no garbage collection landed in (share of executions with one){(runs > 1 ? ", median of the runs" : "")}:").AppendLine();
        md.AppendLine("| engine | " + string.Join(" | ", QueryKinds.Measured.Append("all")) + " |");
        md.AppendLine("|---|" + string.Concat(QueryKinds.Measured.Append("all").Select(_ => "---:|")));
        foreach (var v in variants)
        {
            md.AppendLine($"| {v.Label} | " + string.Join(" | ", QueryKinds.Measured.Append("all").Select(k => v.Kind(k) is { } l
                ? $"{Ms(l.P99Ms)} / {Ms(l.P99WithoutCollectionMs)} ({l.CollectedShare.ToString("P1", CultureInfo.InvariantCulture)})"
                : "–")) + " |");
        }
    }

    /// <summary>Each run's p50 and p99 per kind, so a disturbed run shows; and the order of each run.</summary>
    private static void RenderSpread(StringBuilder md, SizeResults size, List<VariantRuns> variants)
    {
        md.AppendLine().AppendLine("Each run's p50 / p99 by kind (run 1 · run 2 · …), for the spread behind the medians:").AppendLine();
        md.AppendLine("| engine | " + string.Join(" | ", QueryKinds.Measured.Append("all")) + " |");
        md.AppendLine("|---|" + string.Concat(QueryKinds.Measured.Append("all").Select(_ => "---:|")));
        foreach (var v in variants)
        {
            md.AppendLine($"| {v.Label} | " + string.Join(" | ", QueryKinds.Measured.Append("all").Select(k => v.Kind(k) is { } l
                ? $"{string.Join(" · ", l.P50PerRun.Select(Ms))} / {string.Join(" · ", l.P99PerRun.Select(Ms))}"
                : "–")) + " |");
        }

        md.AppendLine().AppendLine("The runs' order (the 1-minute load average at each engine's start and end):").AppendLine();
        foreach (var run in size.Engines.GroupBy(e => e.Run).OrderBy(g => g.Key))
        {
            md.AppendLine($"- run {run.Key}: " + string.Join(", ", run.OrderBy(e => e.Place).Select(e => $"{e.Engine} ({e.LoadAverages})")));
        }
    }

    private static void RenderAgreement(StringBuilder md, CheckReport checks)
    {
        md.AppendLine("### Agreement with the exhaustive references").AppendLine();
        md.AppendLine($"First run. Per kind: queries whose top 10 is the same set as the reference's / same order / mean overlap of the top 10 / same exact total (and how many totals were lower bounds, past the phrase budget). Each engine is checked against the floor that tokenizes and scores as it does: ours against `floor-ours` (our analyzer, our BM25F over title and body), Lucene.Net against the floor scoring as Lucene's BM25 does (`as-lucene`: one-byte length norms, single precision, a phrase scored by its own frequency), FTS5 against the floor scoring as its `bm25()` does (`as-fts5`). A top 10 that differs from its reference other than among hits tied with the reference's 10th fails the run, and so does a total that is not the reference's (or, past the budget of {PhraseBudget.Checks} phrase checks, not a lower bound of it).").AppendLine();
        var kinds = QueryKinds.Measured.Append(QueryKinds.Sanity).ToList();
        md.AppendLine("| engine | against | " + string.Join(" | ", kinds) + " | all |");
        md.AppendLine("|---|---|" + string.Concat(kinds.Select(_ => "---|")) + "---|");
        foreach (var agreement in checks.Agreements)
        {
            md.AppendLine($"| {agreement.Label} | {agreement.Reference} | " + string.Join(" | ", kinds.Select(k =>
                agreement.PerKind.TryGetValue(k, out var c) ? Describe(c) : "–")) + $" | {Describe(agreement.Overall)} |");
        }

        md.AppendLine();
        foreach (var agreement in checks.Agreements)
        {
            var overall = agreement.Overall;
            md.AppendLine($"- {agreement.Label}: {overall.SameSet} of {overall.Compared} top 10s are the reference's set; {overall.TiesAtTheCut} more differ only among hits tied with the reference's 10th; {agreement.Disagreements.Count} differ otherwise{(agreement.Disagreements.Count > 0 ? " (**failed**)" : "")}.");
            foreach (var d in agreement.Disagreements.Take(10))
            {
                md.AppendLine($"  - #{d.Number} {d.Kind} `{d.Text}`: reference only: {d.Missing}; this engine only: {d.Extra}.");
            }
        }

        md.AppendLine();
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

    internal static void Row(StringBuilder md, string target, string measured, double ratio, bool met) =>
        md.AppendLine($"| {target} | {measured} | {ratio:F2} | {(met ? "yes" : "**no**")} |");

    private static string Describe(AgreementCounts c) =>
        $"{c.SameSet}/{c.Compared} · {c.SameOrder}/{c.Compared} · {(c.Compared == 0 ? 0 : c.Overlap / c.Compared):P0}" +
        (c.TotalsCompared > 0 ? $" · {c.SameTotal}/{c.TotalsCompared}" : "") +
        (c.LowerBounds > 0 ? $" (+{c.LowerBounds} ≥)" : "");

    internal static string Ms(double ms) => ms switch
    {
        >= 100 => ms.ToString("N0", CultureInfo.InvariantCulture) + " ms",
        >= 10 => ms.ToString("F1", CultureInfo.InvariantCulture) + " ms",
        >= 1 => ms.ToString("F2", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("F3", CultureInfo.InvariantCulture) + " ms",
    };

    internal static string Mb(long bytes) => (bytes / 1e6).ToString(bytes >= 10e6 ? "N0" : "F1", CultureInfo.InvariantCulture) + " MB";

    internal static string Bytes(double bytes) => bytes >= 10_000
        ? (bytes / 1024).ToString("N0", CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";
}
