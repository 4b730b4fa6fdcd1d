using BulletinBot.TestPages;
using Xunit.Abstractions;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// kill -9 of the real host in the middle of announcing, again and again, then a restart: every item reaches every
/// channel exactly once, because a post sent again after a kill carries the same nonce with enforce_nonce.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KillTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["870000000000000001", "870000000000000002", "870000000000000003"];

    [Fact]
    public async Task Killed_at_random_moments_while_announcing_then_restarted_every_item_is_created_exactly_once()
    {
        await using var rig = await AnnouncementRig.StartAsync(Targets, new Dictionary<string, string?> { ["Announcements__DigestThreshold"] = "4" });
        var (seed, rounds, items, _, took, last) = await KillLoop.RunAsync(rig, output);

        var posted = rig.Posted();
        var summary = DeliveryCounts.Summary(posted, Targets, items);
        output.WriteLine($"{rounds} kills in {took:mm\\:ss}: {summary}; {rig.Fake.Channels.NonceRepeats} posts repeated a nonce and were answered with the first message");
        var problems = DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: 0);
        Assert.True(problems.Count == 0, $"seed {seed}: {string.Join("\n", problems)}\n{summary}\n{last}");
        Assert.True(rig.Fake.Channels.LimitRefusals == 0, $"seed {seed}: {rig.Fake.Channels.LimitRefusals} posts refused by the channel limit");
        Assert.Empty(rig.Fake.Violations);
    }
}
