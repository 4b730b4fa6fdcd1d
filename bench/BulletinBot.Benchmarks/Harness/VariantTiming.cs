using System.Diagnostics;
using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Harness;

/// <summary>
/// One variant's measurement, taken in slices of time (<see cref="Step"/>), so that engines in their own processes can
/// be timed side by side, each in turn for a moment: a slow spell of the machine, which lasts tens of seconds, then
/// falls on every engine alike. Slices end between rounds over the queries, never inside one; the warm-up's time is the
/// time the rounds took, so a measurement taken in slices is the same as one taken in one go.
/// </summary>
internal sealed class VariantTiming
{
    private readonly ISearchEngine engine;
    private readonly string engineName;
    private readonly string variant;
    private readonly HarnessOptions options;
    private readonly BenchQuery[] measured;
    private readonly List<QueryAnswer> answers;
    private readonly Dictionary<string, long> allocated;
    private double[] elapsedMs = [];
    private bool[] collected = [];
    private int warmupRounds;
    private double warmupSeconds;
    private double roundSeconds = 1e-6;
    private int rounds = -1;
    private int timedRounds;

    /// <summary>Takes the answers first: one execution of every query, sanity ones included.</summary>
    public VariantTiming(ISearchEngine engine, string engineName, string variant, IReadOnlyList<BenchQuery> queries, HarnessOptions options)
    {
        (this.engine, this.engineName, this.variant, this.options) = (engine, engineName, variant, options);
        answers = queries.Select(q =>
        {
            var hits = engine.Search(q, variant, LatencyHarness.TopK);
            return new QueryAnswer(q.Number, hits.Ids.ToList(), hits.Total, hits.Scores?.ToList())
            {
                TotalIsLowerBound = hits.TotalIsLowerBound,
                PhraseCandidates = hits.PhraseCandidates,
            };
        }).ToList();
        measured = options.AnswersOnly ? [] : queries.Where(q => q.Kind != QueryKinds.Sanity).ToArray();
        allocated = measured.Select(q => q.Kind).Distinct().ToDictionary(k => k, _ => 0L);
    }

    /// <summary>True once every round is timed.</summary>
    public bool Done => measured.Length == 0 || (rounds >= 0 && timedRounds >= rounds);

    /// <summary>Runs whole rounds for about <paramref name="seconds"/> (one at least); true once the measurement is done.</summary>
    public bool Step(double seconds)
    {
        var slice = Stopwatch.StartNew();
        while (!Done)
        {
            if (rounds < 0)
            {
                WarmupRound();
            }
            else
            {
                TimedRound();
            }

            if (slice.Elapsed.TotalSeconds >= seconds)
            {
                break;
            }
        }

        return Done;
    }

    /// <summary>
    /// Warm-up (JIT tiers, caches): the rounds given, and on until the warm-up time is spent, so every engine is timed in
    /// its steady state (at 1M items the first 8 s of a process of ours gave phrases a p99 of 2.5 ms, the next 8 s
    /// 1.5 ms). A slow engine whose first round already spent the budget warms up once.
    /// </summary>
    private void WarmupRound()
    {
        var thisRound = Stopwatch.StartNew();
        foreach (var query in measured)
        {
            engine.Search(query, variant, LatencyHarness.TopK);
        }

        roundSeconds = Math.Max(1e-6, thisRound.Elapsed.TotalSeconds);
        warmupSeconds += thisRound.Elapsed.TotalSeconds;
        warmupRounds++;
        var more = (warmupRounds < options.WarmupRounds || warmupSeconds < options.WarmupSeconds) && warmupSeconds < options.BudgetSeconds;
        if (!more)
        {
            rounds = Math.Clamp((int)Math.Ceiling(options.BudgetSeconds / roundSeconds), options.MinRounds, options.MaxRounds);

            // Every execution's time is kept in arrays taken now, so the timed rounds allocate nothing of the harness's.
            elapsedMs = new double[rounds * measured.Length];
            collected = new bool[rounds * measured.Length];
        }
    }

    private void TimedRound()
    {
        // Rotate the starting point so that no query always follows the same one.
        var start = (timedRounds * 37) % measured.Length;
        for (var i = 0; i < measured.Length; i++)
        {
            var at = (start + i) % measured.Length;
            var query = measured[at];
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var collectionsBefore = GC.CollectionCount(0);
            var before = Stopwatch.GetTimestamp();
            engine.Search(query, variant, LatencyHarness.TopK);
            var elapsed = Stopwatch.GetElapsedTime(before);

            // Any collection counts gen 0, so a false here is an execution no collection landed in.
            collected[(timedRounds * measured.Length) + at] = GC.CollectionCount(0) != collectionsBefore;
            allocated[query.Kind] += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            elapsedMs[(timedRounds * measured.Length) + at] = elapsed.TotalMilliseconds;
        }

        timedRounds++;
    }

    public VariantResult Result()
    {
        if (measured.Length == 0)
        {
            var none = new KindLatency("all", 0, 0, 0, 0, 0, 0);
            return new VariantResult(engineName, variant, 0, [], none, answers, []) { Timed = false };
        }

        // Execution e of the timed rounds is of query e % measured.Length: one pass sorts every execution by kind,
        // with and without those a collection landed in.
        var byKind = new Dictionary<string, (List<double> All, List<double> Quiet)>(StringComparer.Ordinal);
        var (every, quiet) = (new List<double>(timedRounds * measured.Length), new List<double>());
        for (var e = 0; e < timedRounds * measured.Length; e++)
        {
            var kind = measured[e % measured.Length].Kind;
            if (!byKind.TryGetValue(kind, out var times))
            {
                byKind[kind] = times = ([], []);
            }

            times.All.Add(elapsedMs[e]);
            every.Add(elapsedMs[e]);
            if (!collected[e])
            {
                times.Quiet.Add(elapsedMs[e]);
                quiet.Add(elapsedMs[e]);
            }
        }

        var perKind = QueryKinds.Measured.Where(allocated.ContainsKey)
            .Select(k => byKind.TryGetValue(k, out var times) ? (Kind: k, times.All, times.Quiet) : (Kind: k, All: [], Quiet: []))
            .Select(t => LatencyHarness.Summarise(t.Kind, measured.Count(q => q.Kind == t.Kind), t.All, t.Quiet, allocated[t.Kind]))
            .ToList();
        var all = LatencyHarness.Summarise("all", measured.Length, every, quiet, allocated.Values.Sum());
        var slowest = Enumerable.Range(0, measured.Length)
            .Select(at => (Number: measured[at].Number, Median: LatencyHarness.Percentile(Enumerable.Range(0, timedRounds).Select(r => elapsedMs[(r * measured.Length) + at]).Order().ToList(), 0.5)))
            .OrderByDescending(p => p.Median).Take(3)
            .Select(p => new SlowQuery(p.Number, p.Median)).ToList();
        return new VariantResult(engineName, variant, timedRounds, perKind, all, answers, slowest);
    }
}
