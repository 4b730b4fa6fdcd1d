using System.Diagnostics;
using System.Globalization;
using BulletinBot.Benchmarks.Announcing;
using BulletinBot.Benchmarks.Runner;
using BulletinBot.Core.Chats;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestPages;

namespace BulletinBot.Benchmarks.Replicas;

/// <summary>
/// The replicas issue's delivery figures, on the real host: <c>replicas-announce [--items 200] [--targets 50]
/// [--kills 10] [--runs 2]</c>. (1) Announcing: the items dropped as news pages into the seeds folder of 1 replica and
/// of 3 on one PostgreSQL database, timed from the drop to the last item's arrival at the last target of the Telegram
/// fake (which answers 429 past Telegram's limits), against the floor those limits allow for the messages sent; the
/// two counts alternate in order run by run. (2) Takeover: with 3 replicas and a page dropped every second, kill -9 of
/// the leader, timed to the next message the fake accepts, then a replacement started, <c>--kills</c> times.
/// </summary>
internal static class ReplicaAnnounceBench
{
    private const string Usage = "Usage: replicas-announce [--items 200] [--targets 50] [--kills 10] [--runs 2]";
    private const int PageSize = 20;
    private static readonly TimeSpan GroupSpacing = TimeSpan.FromSeconds(3);

    public static int Run(string[] args)
    {
        var items = 200;
        var targets = 50;
        var kills = 10;
        var runs = 2;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException(Usage);
            switch (args[i])
            {
                case "--items": items = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--targets": targets = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--kills": kills = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. {Usage}");
            }

            i++;
        }

        if (!File.Exists(TestPages.HostProcess.Program))
        {
            Console.Error.WriteLine($"The host is not built at {TestPages.HostProcess.Program}: build the benchmark first (dotnet build -c Release bench/BulletinBot.Benchmarks).");
            return 2;
        }

        var chats = Enumerable.Range(1, targets).Select(i => $"-100{i}").ToList();
        Console.WriteLine($"host {TestPages.HostProcess.Program}; load average {MachineInfo.LoadAverage():F1} at start");
        var failed = false;
        for (var run = 0; run < runs; run++)
        {
            foreach (var count in run % 2 == 0 ? new[] { 1, 3 } : [3, 1])
            {
                failed |= !AnnounceAsync(count, items, chats).GetAwaiter().GetResult();
            }
        }

        if (kills > 0)
        {
            failed |= !TakeoverAsync(kills, chats).GetAwaiter().GetResult();
        }

        Console.WriteLine($"load average {MachineInfo.LoadAverage():F1} at the end");
        return failed ? 1 : 0;
    }

    /// <summary>One announce figure on fresh replicas, a fresh database and a fresh fake; false when a check failed.</summary>
    private static async Task<bool> AnnounceAsync(int replicas, int itemCount, List<string> targets)
    {
        await using var fleet = await ReplicaFleet.StartAsync(replicas, targets);
        var pages = Enumerable.Range(0, (itemCount + PageSize - 1) / PageSize)
            .Select(page => NewsPages.Items(page: page + 1, count: Math.Min(PageSize, itemCount - (page * PageSize))))
            .ToList();
        var items = pages.SelectMany(page => page).ToList();
        var arrivals = new Arrivals(targets, items);

        // A leader's term starts with every limit as just used, so its first message to a group waits one spacing of
        // 20/min (3 s) from the term's start. The figure is of the pace the limits allow, not of a term's start
        // (the takeover figure has that), so the drop comes once that hold has passed.
        var hold = GroupSpacing - Stopwatch.GetElapsedTime(fleet.LeaderSeen);
        if (hold > TimeSpan.Zero)
        {
            await Task.Delay(hold);
        }

        var dropped = Stopwatch.GetTimestamp();
        for (var page = 0; page < pages.Count; page++)
        {
            fleet.Drop($"{page + 1:D3}_news.txt", pages[page]);
        }

        await fleet.Fake.WaitForSentAsync(arrivals.AllArrived, timeoutSeconds: 1800);
        var elapsed = Stopwatch.GetElapsedTime(dropped);
        var first = Stopwatch.GetElapsedTime(dropped, arrivals.First);
        await fleet.WaitUntilSettledAsync();

        var posted = fleet.Posted();
        var problems = DeliveryCounts.Problems(posted, targets, items, allowedRepeats: 0);
        var deliveries = posted.Sum(m => NewsPages.TagsIn(m.Text, items).Count());
        var floor = AnnounceBench.Floor(Platforms.Telegram, posted.Count, targets.Count, firstRound: false);
        var exact = AnnounceBench.Floor(Platforms.Telegram, posted.Count, targets.Count, firstRound: true);
        var refusals = fleet.Fake.LimitRefusals;
        Console.WriteLine(
            $"announce {replicas} replica{(replicas == 1 ? " " : "s")}: {items.Count} items x {targets.Count} targets = {deliveries} deliveries in {posted.Count} messages; " +
            $"{elapsed.TotalSeconds:F1} s from the drop against {floor.TotalSeconds:F1} s that the limits allow ({Over(elapsed, floor):P1} over), " +
            $"{exact.TotalSeconds:F1} s counting the first round at the overall rate ({Over(elapsed, exact):P1} over); " +
            $"first message at {first.TotalSeconds:F1} s; 429s from the fake: {refusals}; {(problems.Count == 0 ? "every item reached every target once" : $"{problems.Count} problems")}; " +
            $"load average {MachineInfo.LoadAverage():F1}");
        foreach (var problem in problems.Take(10))
        {
            Console.WriteLine($"  {problem}");
        }

        return problems.Count == 0 && refusals == 0;
    }

    /// <summary>The takeover figure: kill -9 of the leader while pages keep arriving, timed to the next accepted message.</summary>
    private static async Task<bool> TakeoverAsync(int kills, List<string> targets)
    {
        await using var fleet = await ReplicaFleet.StartAsync(3, targets);
        var items = new List<NewsItem>();
        using var stopDropping = new CancellationTokenSource();
        var dropping = DripAsync(fleet, items, stopDropping.Token);

        var times = new List<TimeSpan>();
        for (var round = 1; round <= kills; round++)
        {
            // The leader is delivering (a message came under it), so there is work in hand when it dies.
            var leader = await fleet.LeaderAsync();
            var before = fleet.Fake.Sent.Count;
            await fleet.Fake.WaitForSentAsync(sent => sent.Count > before, timeoutSeconds: 120);

            var killed = Stopwatch.GetTimestamp();
            await leader.KillAsync();
            // Counted once the process is gone, so a message it had in flight is not taken for the next leader's.
            var atKill = fleet.Fake.Sent.Count;
            await fleet.Fake.WaitForSentAsync(sent => sent.Count > atKill, timeoutSeconds: 300);
            var took = Stopwatch.GetElapsedTime(killed);
            times.Add(took);
            var next = await fleet.LeaderAsync();
            Console.WriteLine($"takeover {round,2}: pid {leader.Id} killed, pid {next.Id} delivered after {took.TotalSeconds:F2} s; load average {MachineInfo.LoadAverage():F1}");
            await fleet.AddReplicaAsync();
        }

        await stopDropping.CancelAsync();
        await dropping;
        List<NewsItem> dropped;
        lock (items)
        {
            dropped = [.. items];
        }

        var arrivals = new Arrivals(targets, dropped);
        await fleet.Fake.WaitForSentAsync(arrivals.AllArrived, timeoutSeconds: 600);
        await fleet.WaitUntilSettledAsync();
        var posted = fleet.Posted();
        var problems = DeliveryCounts.Problems(posted, targets, dropped, allowedRepeats: kills);
        var sorted = times.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        var refusals = fleet.Fake.LimitRefusals;
        Console.WriteLine(
            $"takeover from kill -9 to the next delivery, {times.Count} kills: median {median.TotalSeconds:F2} s, worst {sorted[^1].TotalSeconds:F2} s; " +
            $"{dropped.Count} items dropped one a second to {targets.Count} targets, {posted.Count} messages; 429s from the fake: {refusals}; " +
            $"{(problems.Count == 0 ? "nothing lost, repeats only in flight" : $"{problems.Count} problems")}");
        Console.WriteLine($"  {DeliveryCounts.Summary(posted, targets.Take(3).ToList(), dropped)}");
        foreach (var problem in problems.Take(10))
        {
            Console.WriteLine($"  {problem}");
        }

        return problems.Count == 0 && refusals == 0;
    }

    /// <summary>A page of one item about every second, as a source that keeps publishing, until stopped.</summary>
    private static async Task DripAsync(ReplicaFleet fleet, List<NewsItem> items, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), TimeProvider.System);
        for (var page = 100; !stop.IsCancellationRequested; page++)
        {
            var item = NewsPages.Items(page: page, count: 1);
            lock (items)
            {
                items.AddRange(item);
            }

            fleet.Drop($"{page:D4}_drip.txt", item);
            try
            {
                await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static double Over(TimeSpan elapsed, TimeSpan floor) => (elapsed.TotalSeconds / floor.TotalSeconds) - 1;

    /// <summary>
    /// Which items reached which targets, read from the fake's accepted messages as they come (each message is read
    /// once, under the fake's lock, so the check costs the new messages only).
    /// </summary>
    private sealed class Arrivals(IReadOnlyList<string> targets, IReadOnlyList<NewsItem> items)
    {
        private readonly Dictionary<string, HashSet<string>> missing = targets.Distinct().ToDictionary(t => t, _ => items.Select(i => i.Tag).ToHashSet(StringComparer.Ordinal));
        private int read;

        /// <summary>When the first message to a target was seen (a <see cref="Stopwatch"/> timestamp; 0 before).</summary>
        public long First { get; private set; }

        public bool AllArrived(IReadOnlyList<SentMessage> sent)
        {
            for (; read < sent.Count; read++)
            {
                if (missing.TryGetValue(sent[read].ChatId, out var left) && left.Count > 0)
                {
                    First = First == 0 ? Stopwatch.GetTimestamp() : First;
                    left.ExceptWith(NewsPages.TagsIn(sent[read].Text, items.Where(i => left.Contains(i.Tag))));
                }
            }

            return missing.Values.All(left => left.Count == 0);
        }
    }
}
