using Xunit;
using Xunit.Abstractions;

namespace BulletinBot.TestPages;

/// <summary>What the kill loop needs of a platform's announcement rig: the host to start and kill, pages to drop, and what the fake received.</summary>
public interface IAnnouncingHost
{
    /// <summary>Messages the fake platform has received so far, sent again or not.</summary>
    int Messages { get; }

    string Output { get; }

    Task StartBotAsync();

    Task KillBotAsync();

    void Drop(string name, IEnumerable<NewsItem> items);

    bool AllDelivered(IReadOnlyList<NewsItem> items);

    Task WaitForAllAsync(IReadOnlyList<NewsItem> items, IReadOnlyCollection<string>? targets = null, int timeoutSeconds = 90);

    /// <summary>Waits until the running host says its outbox is idle: every change read, nothing left to deliver.</summary>
    Task WaitUntilSettledAsync();
}

/// <summary>The outcome of <see cref="KillLoop.RunAsync"/>: every item dropped, and what the last run of the host wrote.</summary>
public sealed record KillRun(int Seed, int Rounds, IReadOnlyList<NewsItem> Items, int KilledWhilePending, TimeSpan Took, string LastOutput);

/// <summary>
/// kill -9 of the real host at random moments while it announces, <see cref="KillRounds.Count"/> times: each round
/// drops a page of 4 items, kills the host after a random 1 to 6 messages (or after the last, when the backlog went
/// out in fewer, as digests) plus 0 to 400 ms, and starts it again; then a last start that must deliver everything.
/// </summary>
public static class KillLoop
{
    public static async Task<KillRun> RunAsync(IAnnouncingHost host, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        var rounds = KillRounds.Count;
        var seed = KillRounds.Seed;
        var random = new Random(seed);
        output.WriteLine($"{rounds} kill rounds, seed {seed}");

        var items = new List<NewsItem>();
        var started = DateTime.UtcNow;
        var inDispatch = 0;
        for (var round = 0; round < rounds; round++)
        {
            if (round > 0)
            {
                await host.StartBotAsync();
            }

            var page = NewsPages.Items(page: round, count: 4);
            items.AddRange(page);
            var before = host.Messages;
            var killAfter = random.Next(1, 7);
            var pause = random.Next(0, 400);
            host.Drop($"kill_{round:D3}.txt", page);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (host.Messages < before + killAfter && !host.AllDelivered(items))
            {
                Assert.True(DateTime.UtcNow < deadline, $"seed {seed}, round {round}: fewer than {killAfter} messages came within 30 s.\n{host.Output}");
                await Task.Delay(20);
            }

            inDispatch += host.AllDelivered(items) ? 0 : 1;
            await Task.Delay(pause);
            await host.KillBotAsync();
            output.WriteLine($"round {round}: killed after {host.Messages - before} messages (+{pause} ms)");
        }

        await host.StartBotAsync();
        await host.WaitForAllAsync(items, timeoutSeconds: 120);
        // Whatever was still pending has gone out once the outbox is idle; the caller then counts what arrived.
        await host.WaitUntilSettledAsync();
        var last = host.Output;
        await host.KillBotAsync();
        output.WriteLine($"{inDispatch} of {rounds} kills landed while items were still pending");
        return new KillRun(seed, rounds, items, inDispatch, DateTime.UtcNow - started, last);
    }
}
