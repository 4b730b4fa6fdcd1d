using BulletinBot.TestPages;
using Xunit.Abstractions;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// kill -9 of the real host in the middle of announcing, again and again, then a restart: nothing is lost, and the
/// only repeats are messages that were in flight at a kill (Telegram has no idempotency key), one per target per kill
/// at most.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KillTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["7001", "7002", "7003"];

    [Fact]
    public async Task Killed_at_random_moments_while_announcing_then_restarted_every_item_reaches_every_target()
    {
        // A threshold of 4 with 4 items a page: a clean round sends cards, the backlog a kill leaves becomes a digest.
        await using var rig = await AnnouncementRig.StartAsync(Targets, new Dictionary<string, string?> { ["Announcements__DigestThreshold"] = "4" });
        var (seed, rounds, items, _, took, last) = await KillLoop.RunAsync(rig, output);

        var posted = rig.Posted();
        var summary = DeliveryCounts.Summary(posted, Targets, items);
        output.WriteLine($"{rounds} kills in {took:mm\\:ss}: {summary}");
        var problems = DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: rounds);
        Assert.True(problems.Count == 0, $"seed {seed}: {string.Join("\n", problems)}\n{summary}\n{last}");
        Assert.True(rig.Fake.LimitRefusals == 0, $"seed {seed}: {rig.Fake.LimitRefusals} sends refused by the limits");
    }
}
