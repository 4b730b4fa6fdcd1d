using System.Text;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>The user path: the real host binary, started as a user starts it.</summary>
internal static partial class Report
{
    private static void RenderUserPath(StringBuilder md, RunResults run)
    {
        if (run.UserPaths.Count == 0 && run.Pages is null)
        {
            return;
        }

        md.AppendLine("## The user path").AppendLine();
        md.AppendLine($"The host binary measured: {run.HostForm ?? "the Release build"}.").AppendLine();
        md.AppendLine($"The host binary as a whole new process each time, with `Storage__Path` set to the store our upsert path built at that size (the store benchmarks' last run{(run.Options.Store is null ? string.Empty : $"; here the store given with `--store`")}) and `Ingestion__SeedsPath` to an empty folder. The first `ask \"search migration talks\"` on each store is timed alone (it may build the index); then the four commands are started in turn, one start of each per round, after untimed warm-up rounds, and each one's median is shown with its fastest and slowest start (the OS file cache is warm; the process is not). Then the terminal chat (the host with no verb and no platform token) is fed {(run.UserPaths.FirstOrDefault(u => u.Note is null)?.Searches ?? 0):N0} `search` lines on its standard input (the benchmark's queries in turn) and `quit`; its peak resident memory is its VmHWM, read from /proc while it runs, up to its exit.").AppendLine();
        foreach (var user in run.UserPaths)
        {
            md.AppendLine($"### {user.Size:N0} bulletins").AppendLine();
            if (user.Note is not null)
            {
                md.AppendLine(user.Note).AppendLine();
                continue;
            }

            md.AppendLine($"First `ask \"search migration talks\"` on the store: {Ms(user.FirstSearchMs)}.").AppendLine();
            md.AppendLine("| command | starts timed | median | fastest | slowest |").AppendLine("|---|---:|---:|---:|---:|");
            foreach (var cold in user.Cold)
            {
                md.AppendLine($"| `BulletinBot {cold.Command}` | {cold.Runs} | {Ms(cold.MedianMs)} | {Ms(cold.MinMs)} | {Ms(cold.MaxMs)} |");
            }

            md.AppendLine();
            md.AppendLine($"The terminal chat answered {user.Searches:N0} searches in {user.ChatSeconds:F1} s from its start to its exit ({user.Searches / Math.Max(1e-9, user.ChatSeconds):N0} per second, the start and the index included); its peak resident memory was {Mb(user.PeakResidentBytes)}.").AppendLine();
        }

        if (run.Pages is { } pages)
        {
            md.AppendLine("### First start over page files").AppendLine();
            md.AppendLine($"{pages.Pages:N0} page files of {UserPath.ItemsPerPage} generated items each, in the seeds folder's format (a source line, then each item's title and paragraphs), read by `BulletinBot ingest` into a new store: one run, the whole process timed, start included.").AppendLine();
            md.AppendLine(pages.Note is not null
                ? $"Not met or not measured: {pages.Note}."
                : $"{pages.AddedItems:N0} of {pages.ExpectedItems:N0} items stored in {pages.Seconds:F1} s: {pages.ItemsPerSecond:N0} items/s.").AppendLine();
        }
    }
}
