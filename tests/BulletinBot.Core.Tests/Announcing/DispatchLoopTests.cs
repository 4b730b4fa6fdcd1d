using BulletinBot.Core.Announcing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>The dispatcher's own loop: each target goes when its own permit frees, on a fake clock moved only while the loop waits.</summary>
public sealed class DispatchLoopTests
{
    [Fact]
    public async Task A_target_whose_platform_is_slow_to_answer_holds_back_no_other_target()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 100 });
        rig.Start("discord:1", "discord:2");
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Discord.Hold = d => d.Target.ChatId == "1" ? answer.Task : Task.CompletedTask;
        rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2)), Item("C", Day(2020, 1, 3))]);

        // Channel 1's first message hangs; channel 2 gets all three, one per permit, meanwhile.
        var park = await rig.WakeAsync();
        while (park.Wait is { } wait)
        {
            park = await rig.AdvanceAsync(wait);
        }

        Assert.Equal(["A", "B", "C"], rig.Discord.ItemsTo("2"));
        Assert.Empty(rig.Discord.ItemsTo("1"));
        Assert.Equal(1, park.InFlight);

        // The answer comes; channel 1 goes on from where it was, in order.
        answer.SetResult();
        await rig.NextParkAsync();
        await rig.RunUntilQuietAsync();

        Assert.Equal(["A", "B", "C"], rig.Discord.ItemsTo("1"));
        Assert.Equal(0, rig.Outbox.Depth());
        Assert.Equal(0, rig.Discord.LimitViolations);
    }

    [Fact]
    public async Task Targets_go_in_the_order_they_became_ready_when_they_share_the_overall_permit()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 100 });
        var chats = Enumerable.Range(1, 100).Select(i => $"telegram:-100{i}").ToArray();
        rig.Start(chats);
        rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2))]);

        await rig.RunUntilQuietAsync();

        // 100 first messages at 30 a second take longer than a group's 3 s: the first chats' second messages are
        // ready before the last chats' first ones, and wait for them.
        var order = rig.Telegram.Delivered.Select(d => d.Items[0].Title).ToList();
        Assert.Equal(200, order.Count);
        Assert.All(order.Take(100), title => Assert.Equal("A", title));
        Assert.Equal(0, rig.Telegram.LimitViolations);
    }

    [Fact]
    public async Task The_loop_waits_whole_milliseconds_rounded_up_so_it_never_wakes_short_of_a_permit()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 100 });
        rig.Start("telegram:-1001");
        rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2))]);

        // A group's next permit is 3000.5 ms away; a timer rounds half a millisecond down to none, and the loop would spin on it.
        var park = await rig.WakeAsync();
        Assert.Equal(TimeSpan.FromMilliseconds(3001), park.Wait);
        Assert.Single(rig.Telegram.Delivered);

        park = await rig.AdvanceAsync(TimeSpan.FromMilliseconds(3001));
        Assert.Null(park.Wait);
        Assert.Equal(["A", "B"], rig.Telegram.ItemsTo("-1001"));
    }
}
