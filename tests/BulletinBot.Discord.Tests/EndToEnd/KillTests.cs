using BulletinBot.TestPages;
using Xunit.Abstractions;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// kill -9 of the real host in the middle of announcing, again and again, then a restart: every item reaches every
/// channel exactly once, because a post sent again after a kill carries the same nonce with enforce_nonce.
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["870000000000000001", "870000000000000002", "870000000000000003"];

    [Fact]
    public async Task Killed_at_random_moments_while_announcing_then_restarted_every_item_is_created_exactly_once()
    {
        var rounds = KillRounds.Count;
        var seed = KillRounds.Seed;
        var random = new Random(seed);
        output.WriteLine($"{rounds} kill rounds, seed {seed}");

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
            var before = Posts(rig);
            var killAfter = random.Next(1, 7);
            var pause = random.Next(0, 400);
            rig.Drop($"kill_{round:D3}.txt", page);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            // The kill comes after the chosen number of posts, or after the last when the backlog went out in fewer (as digests).
            while (Posts(rig) < before + killAfter && !rig.AllDelivered(items))
            {
                Assert.True(DateTime.UtcNow < deadline, $"seed {seed}, round {round}: fewer than {killAfter} posts came within 30 s.\n{rig.Output}");
                await Task.Delay(20);
            }

            inDispatch += rig.AllDelivered(items) ? 0 : 1;

            await Task.Delay(pause);
            await rig.KillBotAsync();
            output.WriteLine($"round {round}: killed after {Posts(rig) - before} posts (+{pause} ms)");
        }

        await rig.StartBotAsync();
        await rig.WaitForAllAsync(items, timeoutSeconds: 120);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var last = rig.Output;
        await rig.KillBotAsync();

        var posted = rig.Posted();
        var summary = DeliveryCounts.Summary(posted, Targets, items);
        output.WriteLine($"{inDispatch} of {rounds} kills landed while items were still pending");
        output.WriteLine($"{rounds} kills in {DateTime.UtcNow - started:mm\\:ss}: {summary}; {rig.Fake.Channels.NonceRepeats} posts repeated a nonce and were answered with the first message");
        var problems = DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: 0);
        Assert.True(problems.Count == 0, $"seed {seed}: {string.Join("\n", problems)}\n{summary}\n{last}");
        Assert.True(rig.Fake.Channels.LimitRefusals == 0, $"seed {seed}: {rig.Fake.Channels.LimitRefusals} posts refused by the channel limit");
        Assert.Empty(rig.Fake.Violations);
    }

    /// <summary>Every post the channels received, created or answered from its nonce.</summary>
    private static int Posts(AnnouncementRig rig) => rig.Fake.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal));
}
