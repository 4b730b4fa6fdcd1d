using System.Globalization;
using System.Text.Json;
using BulletinBot.Benchmarks.Harness;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// One run at one size, the engines timed side by side. Each engine builds in its own process, one after another (so a
/// build has the machine to itself), and then waits. The variants are timed in phases, one variant name at a time
/// (ours' <c>index</c> beside Lucene.Net's <c>index</c>, then <c>page</c> beside <c>page</c>...), the phases' order
/// rotated by the run's number so no variant always inherits the heap another left. Within a phase the engines take
/// turns of <see cref="SliceSeconds"/> of whole rounds over the queries, in the run's order, until each has spent its
/// own budget: the machine's slow spells, which last tens of seconds, then fall on every engine alike, where timing
/// each engine for 8 s, minutes apart, let a spell decide a ratio. Each process's memory stays its own.
/// </summary>
internal static class SideBySide
{
    /// <summary>How long an engine runs before the next one's turn: whole rounds over the queries, one at least.</summary>
    public const double SliceSeconds = 0.5;

    public static List<EngineRun> Run(
        IReadOnlyList<string> order, IReadOnlyList<string> listed, int run, int size, string queriesFile, string work,
        BenchOptions options, TextWriter log, List<string> failures)
    {
        var children = new List<(string Engine, TalkingChild Child, string[] Variants)>();
        try
        {
            for (var place = 1; place <= order.Count; place++)
            {
                var engine = order[place - 1];
                File.Delete(ResultFile(work, engine, size));
                var child = TalkingChild.Start(engine, [
                    "engine-child", engine, size.ToString(CultureInfo.InvariantCulture), queriesFile,
                    Path.Combine(work, $"{engine}-{size}"), ResultFile(work, engine, size),
                    options.BudgetSeconds.ToString(CultureInfo.InvariantCulture), options.Smoke ? "smoke" : "full",
                    run.ToString(CultureInfo.InvariantCulture), place.ToString(CultureInfo.InvariantCulture),
                ], log);

                // Built: it answers with its variants, and waits.
                if (child.Next() is { } ready && ready.StartsWith("@ready", StringComparison.Ordinal))
                {
                    children.Add((engine, child, ready["@ready".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                }
                else
                {
                    failures.Add(Failed(engine, size, run, child.End()));
                    child.Dispose();
                }
            }

            foreach (var variant in Phases(children.OrderBy(c => listed.ToList().IndexOf(c.Engine)).SelectMany(c => c.Variants), run))
            {
                var timing = children.Where(c => c.Variants.Contains(variant) && c.Child.Ask($"begin {variant}") == "@ok").ToList();
                ChildProcess.Forward("phase", $"## {variant}: {string.Join(", ", timing.Select(c => c.Engine))} side by side, in turns of {SliceSeconds} s", error: false, log);
                var turns = 0;
                while (timing.Count > 0)
                {
                    foreach (var child in timing.ToList())
                    {
                        var reply = child.Child.Ask($"slice {SliceSeconds.ToString(CultureInfo.InvariantCulture)}");
                        turns++;
                        if (reply != "@more")
                        {
                            timing.Remove(child);
                            ChildProcess.Forward("phase", $"{child.Engine} ({variant}) timed; {turns} turn(s) in the phase so far", error: false, log);
                        }
                    }
                }
            }

            var runs = new List<EngineRun>();
            foreach (var (engine, child, _) in children)
            {
                var exit = child.End();
                var resultFile = ResultFile(work, engine, size);
                if (exit != 0 || !File.Exists(resultFile))
                {
                    failures.Add(Failed(engine, size, run, exit));
                    continue;
                }

                runs.Add(JsonSerializer.Deserialize<EngineRun>(File.ReadAllText(resultFile), Json.Options)!);
            }

            return runs;
        }
        finally
        {
            foreach (var (_, child, _) in children)
            {
                child.Dispose();
            }
        }
    }

    /// <summary>Every variant name once, in the order first met, rotated by the run's number.</summary>
    internal static List<string> Phases(IEnumerable<string> variants, int run)
    {
        var names = variants.Distinct(StringComparer.Ordinal).ToList();
        var shift = names.Count == 0 ? 0 : (run - 1) % names.Count;
        return names.Skip(shift).Concat(names.Take(shift)).ToList();
    }

    private static string ResultFile(string work, string engine, int size) => Path.Combine(work, $"result-{engine}-{size}.json");

    private static string Failed(string engine, int size, int run, int exit) =>
        $"{engine} at {size:N0}, run {run}: the child process exited with {exit} (see run.log in the work directory).";
}
