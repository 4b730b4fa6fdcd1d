using System.Diagnostics;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestPages;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// Announcements from the real host, as a child process, to the fake Bot API, which keeps Telegram's sending limits
/// (1 a second per chat, 20 a minute per group or channel, 30 a second overall) and answers 429 past them.
/// </summary>
public sealed class AnnouncementTests
{
    [Fact]
    public async Task A_new_page_is_announced_once_per_target_and_neither_the_same_page_again_nor_a_restart_repeats_it()
    {
        const string channel = "-1001500";
        const string person = "1501";
        await using var rig = await AnnouncementRig.StartAsync([channel, person]);
        var items = NewsPages.Items(page: 10, count: 2);

        rig.Drop("910_news.txt", items);
        await rig.WaitForAllAsync(items);
        var announced = rig.Posted().Count;

        // The same page again under its own name (unchanged, skipped) and as a copy (read, its items known).
        rig.Drop("910_news.txt", items);
        rig.Drop("911_copy.txt", items);
        await rig.WaitForIngestAsync("911_copy.txt");
        Assert.Contains("911_copy.txt: 0 new, 0 updated, 2 unchanged", rig.Bot.Output, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(announced, rig.Posted().Count);

        await rig.RestartBotAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(2 * items.Count, rig.Posted().Count);
        Assert.Empty(DeliveryCounts.Problems(rig.Posted(), rig.Targets, items, allowedRepeats: 0));
        Assert.Equal(0, rig.Fake.LimitRefusals);
        Assert.Equal(rig.Fake.CallsTo("sendMessage").Count, rig.Fake.Sent.Count);
    }

    [Fact]
    public async Task A_storm_of_429s_is_waited_out_and_every_item_arrives_once()
    {
        await using var rig = await AnnouncementRig.StartAsync(["1601", "1602"]);
        var items = NewsPages.Items(page: 16, count: 3);

        // More 429s in a row than the client's own attempts, so the outbox has to postpone and try again.
        rig.Fake.Storm(count: 10, retryAfter: 1);
        rig.Drop("916_news.txt", items);
        await rig.WaitForAllAsync(items);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var posted = rig.Posted();
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        Assert.Equal(6, posted.Count);
        Assert.True(rig.Fake.LimitRefusals == 0, string.Join("\n", rig.Fake.Calls.Where(c => c.Method == "sendMessage").Select(c => $"{c.Sequence} {c.ChatId}")) + "\n" + rig.Bot.Output);
        Assert.Equal(10, rig.Fake.CallsTo("sendMessage").Count - rig.Fake.Sent.Count);
        Assert.Contains("Too Many Requests", rig.Bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_that_kicked_the_bot_is_disabled_the_others_get_everything_and_stats_and_health_say_so()
    {
        const string kicked = "-1001700";
        const string person = "1701";
        await using var rig = await AnnouncementRig.StartAsync([kicked, person]);
        rig.Fake.KickedChats.Add(kicked);
        var first = NewsPages.Items(page: 17, count: 3);
        var second = NewsPages.Items(page: 18, count: 1);

        rig.Drop("917_news.txt", first);
        await rig.WaitForAllAsync(first, [person]);
        await rig.WaitForOutputAsync("is disabled");
        rig.Drop("918_news.txt", second);
        await rig.WaitForAllAsync(second, [person]);

        Assert.Single(rig.Fake.CallsTo("sendMessage"), c => c.ChatId == kicked);
        Assert.Empty(DeliveryCounts.Problems(rig.Posted(), [person], [.. first, .. second], allowedRepeats: 0));

        var before = rig.Fake.LastSequence;
        rig.Fake.Enqueue(FakeUpdates.Private("/stats"));
        var stats = await rig.Fake.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == AnnouncementRig.Chat(FakeUpdates.PrivateChat), before);
        Assert.True(stats.Text!.Contains($"telegram {kicked}: 0 delivered, 3 pending, disabled: Forbidden: bot was kicked", StringComparison.Ordinal), stats.Text);
        Assert.True(stats.Text.Contains($"telegram {person}: 4 delivered, 0 pending", StringComparison.Ordinal), stats.Text);

        var (code, health) = await TelegramHost.HealthAsync(rig.Folder);
        Assert.True(code == 0, health);
        Assert.Contains($"1 disabled; telegram {kicked} disabled: Forbidden: bot was kicked", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_items_than_the_threshold_become_a_digest_split_within_telegrams_limits()
    {
        const string person = "1801";
        await using var rig = await AnnouncementRig.StartAsync([person]);
        // 23 long items: a digest of the 20 a digest carries, too long for one message, then 3 long cards of 2 parts each.
        var items = NewsPages.Items(page: 19, count: 23, titleLength: 170, bodyLength: 5000);

        rig.Drop("919_news.txt", items);
        await rig.WaitForAllAsync(items);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var posted = rig.Posted();
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        // A card carries its item's text ("On April 8, 2027, the meeting..."); a digest only titles, dates and ids.
        var digest = posted.Where(m => NewsPages.TagsIn(m.Text, items).Any() && !NewsPages.HasBody(m.Text)).ToList();
        Assert.True(digest.Count >= 2, $"the digest of 20 long titles came as {digest.Count} message(s)");
        Assert.Equal(20, digest.Sum(m => NewsPages.TagsIn(m.Text, items).Count()));
        Assert.StartsWith("<b>20 new items</b>", digest[0].Text, StringComparison.Ordinal);
        Assert.Equal(2 * 3, posted.Count - digest.Count);
        Assert.All(rig.Fake.CallsTo("sendMessage"), LiveBotFixture.AssertValid);
        Assert.Equal(rig.Fake.CallsTo("sendMessage").Count, rig.Fake.Sent.Count);
        Assert.Equal(0, rig.Fake.LimitRefusals);
    }

    [Fact]
    public async Task Subscribe_in_a_group_is_refused_to_a_member_and_granted_to_an_admin_whose_group_then_gets_the_news()
    {
        await using var rig = await AnnouncementRig.StartAsync([]);
        var group = AnnouncementRig.Chat(FakeUpdates.GroupChat);
        var items = NewsPages.Items(page: 20, count: 1);

        var before = rig.Fake.LastSequence;
        rig.Fake.Enqueue(FakeUpdates.Group("/subscribe"));
        var refused = await rig.Fake.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == group, before);
        Assert.Contains("only an admin of this chat can subscribe", refused.Text, StringComparison.Ordinal);
        Assert.Single(rig.Fake.CallsTo("getChatMember"));

        // Past the group's one message a second before the next answer.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        rig.Fake.GroupAdmins.Add(FakeUpdates.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        before = rig.Fake.LastSequence;
        rig.Fake.Enqueue(FakeUpdates.Group("/subscribe"));
        var granted = await rig.Fake.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == group, before);
        Assert.Contains("Subscribed: every new item will be announced here", granted.Text, StringComparison.Ordinal);

        rig.Drop("920_news.txt", items);
        await rig.Fake.WaitForSentAsync(sent => sent.Any(m => m.ChatId == group && m.Text.Contains($"Notice {items[0].Tag}:", StringComparison.Ordinal)));
        Assert.Empty(DeliveryCounts.Problems([.. rig.Fake.Sent.Where(m => m.ChatId == group).Select(m => new PostedMessage(m.ChatId, m.Text))], [group], items, 0));
    }
}
