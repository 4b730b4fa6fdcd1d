using System.Text;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>The targets of the fair-race issue (search) and the persisted-index issue (ingest, the user path), each beside the figure it bounds.</summary>
internal static partial class Report
{
    private const int HundredThousand = 100_000;
    private const int Million = 1_000_000;

    private static void RenderTargets(StringBuilder md, RunResults run)
    {
        md.AppendLine("## Targets").AppendLine();
        md.AppendLine("The targets set for 100,000 and 1,000,000 items are also shown at this run's other sizes, against the threshold of the nearer of the two and marked *(for reference)*: only the rows at 100,000 and 1,000,000 decide. \"ratio\" is the measured figure over the one it is compared with (for search, the worse of ours over Lucene.Net's at p50 and at p99, the same variant of each; search over help, latest over `--version`, our ingest over raw `InsertBulk`) or over its limit (milliseconds, megabytes); for the first start, the limit over the items per second measured.").AppendLine();
        md.AppendLine("| target | measured | ratio | met |").AppendLine("|---|---|---:|:---:|");
        var any = false;
        foreach (var size in run.Sizes)
        {
            var large = size.Size >= Million;
            var mark = size.Size is HundredThousand or Million ? "" : " *(for reference)*";
            var at = $"{size.Size:N0}{mark}";
            any |= SearchTargets(md, size, large, at);
            var ours = Ingest(size, StoreCatalog.Ours);
            var raw = Ingest(size, StoreCatalog.Raw);
            if (ours is not null && raw is not null)
            {
                any = true;
                var ratio = ours.ItemsPerSecond / raw.ItemsPerSecond;
                var ingestAt = size.Size == Million ? at : $"{size.Size:N0} *(for reference: the target is at 1,000,000)*";
                Row(md, $"{ingestAt}: ingest ≥ 50 % of raw `InsertBulk` (index upkeep included)", $"{ours.ItemsPerSecond:N0} vs {raw.ItemsPerSecond:N0} items/s ({ratio:P0})", ratio, ratio >= 0.5);
            }

            if (run.UserPaths.FirstOrDefault(u => u.Size == size.Size && u.Note is null) is { } user)
            {
                any = true;
                UserTargets(md, user, large, at);
            }
        }

        if (run.Pages is { Note: null } pages)
        {
            any = true;
            Row(md, $"host first start (`ingest`) over {pages.Pages:N0} pages of {UserPath.ItemsPerPage} items ≥ 3,000 items/s" + (pages.Pages == 10_000 ? "" : " *(for reference: the target is over 10,000 pages)*"),
                $"{pages.ItemsPerSecond:N0} items/s ({pages.AddedItems:N0} items in {pages.Seconds:F1} s)", 3000 / Math.Max(1e-9, pages.ItemsPerSecond), pages.ItemsPerSecond >= 3000);
        }

        if (!any)
        {
            md.AppendLine("| all | not measured: the run left out our engine, Lucene.Net, the store or the user path | | |");
        }

        md.AppendLine();
    }

    private static bool SearchTargets(StringBuilder md, SizeResults size, bool large, string at)
    {
        var any = false;
        foreach (var (oursVariant, luceneVariant) in new[] { (OurEngine.IndexOnly, LuceneEngine.IndexOnly), (OurEngine.Page, LuceneEngine.Page) })
        {
            var ours = Aggregate.Variant(size, EngineCatalog.Ours, oursVariant);
            var lucene = Aggregate.Variant(size, EngineCatalog.Lucene, luceneVariant);
            if (ours is null || lucene is null)
            {
                continue;
            }

            any = true;
            var median = ours.Runs > 1 ? $", median of {ours.Runs} runs" : "";
            foreach (var kind in QueryKinds.Measured.Append("all"))
            {
                if (ours.Kind(kind) is not { } o || lucene.Kind(kind) is not { } l)
                {
                    continue;
                }

                // Ahead means both percentiles below Lucene.Net's; the ratio shown is the worse of the two.
                var ratio = Math.Max(o.P50Ms / l.P50Ms, o.P99Ms / l.P99Ms);
                Row(md, $"{at}, {kind}: our p50 and p99 ({oursVariant}) < Lucene.Net's ({luceneVariant}){median}",
                    $"p50 {Ms(o.P50Ms)} vs {Ms(l.P50Ms)}; p99 {Ms(o.P99Ms)} vs {Ms(l.P99Ms)}", ratio, o.P50Ms < l.P50Ms && o.P99Ms < l.P99Ms);
            }

            if (large && ours.Kind("all") is { } all)
            {
                Row(md, $"{at}, all: our p99 ({oursVariant}) < 5 ms{median}", Ms(all.P99Ms), all.P99Ms / 5, all.P99Ms < 5);
            }
        }

        return any;
    }

    private static void UserTargets(StringBuilder md, UserPathResult user, bool large, string at)
    {
        var help = user.Timing("ask help");
        var search = user.Timing(UserPath.SearchLabel);
        var version = user.Timing("--version");
        var latest = user.Timing("ask latest");
        if (search is not null && help is not null)
        {
            var limit = large ? 2.0 : 1.5;
            var ratio = search.MedianMs / help.MedianMs;
            Row(md, $"{at}: cold `ask \"search …\"` ≤ {limit:0.#} × cold `ask help`", $"{Ms(search.MedianMs)} vs {Ms(help.MedianMs)}", ratio, ratio <= limit);
        }

        var memoryLimit = large ? 600e6 : 200e6;
        Row(md, $"{at}: the running bot's peak resident memory after {user.Searches:N0} searches ≤ {memoryLimit / 1e6:N0} MB", Mb(user.PeakResidentBytes), user.PeakResidentBytes / memoryLimit, user.PeakResidentBytes <= memoryLimit);
        if (latest is not null && version is not null)
        {
            var ratio = latest.MedianMs / version.MedianMs;
            Row(md, $"{user.Size:N0}: cold `ask latest` ≤ 3 × `--version`", $"{Ms(latest.MedianMs)} vs {Ms(version.MedianMs)}", ratio, ratio <= 3);
        }
    }

    private static StoreResult? Ingest(SizeResults size, string store)
    {
        var medians = Aggregate.Store(size).Select(s => s.Median).ToList();
        return medians.FirstOrDefault(s => s.Store == store && s.Operation == "ingest")
            ?? medians.FirstOrDefault(s => s.Store == store && s.Operation == "first ingest");
    }
}
