using BulletinBot.TestPages;
using Xunit.Abstractions;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// kill -9 of the real host in the middle of announcing, again and again, then a restart: nothing is lost, and the
/// only repeats are messages that were in flight at a kill (Telegram has no idempotency key), one per target per kill
/// at most.
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["7001", "7002", "7003"];

    [Fact]
    public async Task Killed_at_random_moments_while_announcing_then_restarted_every_item_reaches_every_target()
    {
        var rounds = KillRounds.Count;
        var seed = KillRounds.Seed;
        var random = new Random(seed);
        output.WriteLine($"{rounds} kill rounds, seed {seed}");

        // A threshold of 4 with 4 items a page: a clean round sends cards, the backlog a kill leaves becomes a digest.
        await using var rig = await AnnouncementRig.StartAsync(Targets, new Dictionary<string, string> { ["Announcements__DigestThreshold"] = "4" });
        var items = new List<NewsItem>();
        var started = DateTime.UtcNow;
        var inDispatch = 0;
        for (var round = 0; round < rounds; round++)
        {
            if (round > 0)
            {
                await rig.StartBotAsync();
            }

            var page = NewsPages.Items(page: round, count: 4);
            items.AddRange(page);
            var before = rig.Fake.Sent.Count;
            var killAfter = random.Next(1, 7);
            var pause = random.Next(0, 400);
            rig.Drop($"kill_{round:D3}.txt", page);
            // The kill comes after the chosen number of messages, or after the last when the backlog went out in fewer (as digests).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (rig.Fake.Sent.Count < before + killAfter && !rig.AllDelivered(items))
            {
                Assert.True(DateTime.UtcNow < deadline, $"seed {seed}, round {round}: fewer than {killAfter} messages came within 30 s.\n{rig.Bot.Output}");
                await Task.Delay(20);
            }

            inDispatch += rig.AllDelivered(items) ? 0 : 1;
            await Task.Delay(pause);
            await rig.KillBotAsync();
            output.WriteLine($"round {round}: killed after {rig.Fake.Sent.Count - before} messages (+{pause} ms)");
        }

        await rig.StartBotAsync();
        await rig.WaitForAllAsync(items, timeoutSeconds: 120);
        // Anything still pending would go out now; nothing should.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var output2 = rig.Bot.Output;
        await rig.KillBotAsync();

        var posted = rig.Posted();
        var summary = DeliveryCounts.Summary(posted, Targets, items);
        output.WriteLine($"{inDispatch} of {rounds} kills landed while items were still pending");
        output.WriteLine($"{rounds} kills in {DateTime.UtcNow - started:mm\\:ss}: {summary}");
        var problems = DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: rounds);
        Assert.True(problems.Count == 0, $"seed {seed}: {string.Join("\n", problems)}\n{summary}\n{output2}");
        Assert.True(rig.Fake.LimitRefusals == 0, $"seed {seed}: {rig.Fake.LimitRefusals} sends refused by the limits");
    }
}
