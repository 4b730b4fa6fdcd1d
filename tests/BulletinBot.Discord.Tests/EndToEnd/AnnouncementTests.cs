using BulletinBot.TestPages;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// Announcements from the real host, as a child process, to the fake Discord, which keeps 5 posts per 5 s per channel
/// (with X-RateLimit-* headers and 429 past it), honours nonce with enforce_nonce, and checks every body against
/// Discord's OpenAPI description and the embed limits.
/// </summary>
public sealed class AnnouncementTests
{
    private const string ManageChannels = "16";

    [Fact]
    public async Task A_new_page_is_announced_once_per_channel_and_neither_the_same_page_again_nor_a_restart_repeats_it()
    {
        await using var rig = await AnnouncementRig.StartAsync(["810000000000000001", "810000000000000002"]);
        var items = NewsPages.Items(page: 40, count: 2);

        rig.Drop("940_news.txt", items);
        await rig.WaitForAllAsync(items);

        rig.Drop("940_news.txt", items);
        rig.Drop("941_copy.txt", items);
        await rig.WaitForIngestAsync("941_copy.txt");
        Assert.Contains("941_copy.txt: 0 new, 0 updated, 2 unchanged", rig.Output, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await rig.RestartBotAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var posted = rig.Posted();
        Assert.Equal(2 * items.Count, posted.Count);
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        Assert.Equal(0, rig.Fake.Channels.LimitRefusals);
        Assert.Equal(0, rig.Fake.Channels.NonceRepeats);
        Assert.Empty(rig.Fake.Violations);
    }

    [Fact]
    public async Task A_storm_of_429s_is_waited_out_and_every_item_is_created_once()
    {
        await using var rig = await AnnouncementRig.StartAsync(["820000000000000001", "820000000000000002"]);
        var items = NewsPages.Items(page: 42, count: 3);
        // More 429s than the REST client's own attempts, so the outbox has to postpone and try again.
        for (var i = 0; i < 14; i++)
        {
            rig.Fake.Script(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal), new Fakes.ScriptedAnswer(429,
                new { message = "You are being rate limited.", retry_after = 0.2, global = false },
                new Dictionary<string, string>
                {
                    ["X-RateLimit-Bucket"] = Fakes.FakeChannels.Bucket,
                    ["X-RateLimit-Limit"] = "5",
                    ["X-RateLimit-Remaining"] = "0",
                    ["X-RateLimit-Reset-After"] = "0.2",
                    ["X-RateLimit-Scope"] = "user",
                }));
        }

        rig.Drop("942_news.txt", items);
        await rig.WaitForAllAsync(items);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var posted = rig.Posted();
        Assert.Equal(6, posted.Count);
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        Assert.Equal(14, rig.Fake.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal)) - posted.Count - rig.Fake.Channels.NonceRepeats);
        Assert.Contains("rate limit", rig.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, rig.Fake.Channels.LimitRefusals);
        Assert.Empty(rig.Fake.Violations);
    }

    [Fact]
    public async Task Channels_answering_403_and_404_unknown_channel_are_disabled_the_other_gets_everything_and_stats_and_health_say_so()
    {
        const string forbidden = "830000000000000001";
        const string deleted = "830000000000000002";
        const string open = "830000000000000003";
        await using var rig = await AnnouncementRig.StartAsync([forbidden, deleted, open]);
        rig.Fake.Channels.ForbiddenChannels.Add(forbidden);
        rig.Fake.Channels.UnknownChannels.Add(deleted);
        var first = NewsPages.Items(page: 43, count: 3);
        var second = NewsPages.Items(page: 44, count: 1);

        rig.Drop("943_news.txt", first);
        await rig.WaitForAllAsync(first, [open]);
        await rig.WaitForOutputAsync($"chat {forbidden}) is disabled");
        await rig.WaitForOutputAsync($"chat {deleted}) is disabled");
        rig.Drop("944_news.txt", second);
        await rig.WaitForAllAsync(second, [open]);

        Assert.Single(rig.Fake.Requests, r => r.Path == $"channels/{forbidden}/messages");
        Assert.Single(rig.Fake.Requests, r => r.Path == $"channels/{deleted}/messages");
        Assert.Empty(DeliveryCounts.Problems(rig.Posted(), [open], [.. first, .. second], allowedRepeats: 0));

        var stats = await rig.InteractAsync("831", new { name = "stats" }, open, "0");
        var text = stats.GetProperty("embeds")[0].GetProperty("description").GetString()!;
        Assert.Contains($"discord {forbidden}: 0 delivered, 3 pending, disabled: Discord refused the channel: Missing Access", text, StringComparison.Ordinal);
        Assert.Contains($"discord {deleted}: 0 delivered, 3 pending, disabled: Discord does not know the channel: Unknown Channel", text, StringComparison.Ordinal);
        Assert.Contains($"discord {open}: 4 delivered, 0 pending", text, StringComparison.Ordinal);

        var (code, health) = await HealthAsync(rig.StorePath);
        Assert.True(code == 0, health);
        Assert.Contains("3 targets, 6 pending, 2 disabled", health, StringComparison.Ordinal);
        Assert.Empty(rig.Fake.Violations);
    }

    [Fact]
    public async Task More_items_than_the_threshold_become_a_digest_and_long_cards_split_within_discords_embed_limits()
    {
        const string channel = "840000000000000001";
        await using var rig = await AnnouncementRig.StartAsync([channel]);
        // 23 long items: a digest of the 20 a digest carries (long titles), then 3 cards too long for one message.
        var items = NewsPages.Items(page: 45, count: 23, titleLength: 170, bodyLength: 9000);

        rig.Drop("945_news.txt", items);
        await rig.WaitForAllAsync(items);
        // A card's second part comes after its first, and the channel's 5 per 5 s may hold it back for seconds:
        // wait for the 7 messages expected, then a moment longer for any that should not come.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); rig.Posted().Count < 1 + (3 * 2) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));

        var posted = rig.Posted();
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        var digest = Assert.Single(rig.Fake.Channels.Created, m => NewsPages.TagsIn(AnnouncementRig.Text(m), items).Count() > 1);
        var embed = Assert.Single(digest.Body.GetProperty("embeds").EnumerateArray());
        Assert.StartsWith("20 new bulletins", embed.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, embed.GetProperty("fields").GetArrayLength());
        // Each card of about 9000 characters is more than one message of at most 6000.
        Assert.Equal(3 * 2, posted.Count - 1);
        Assert.All(rig.Fake.Channels.Created, m => Assert.InRange(m.Body.GetProperty("embeds").GetArrayLength(), 1, 10));
        Assert.Empty(rig.Fake.Violations);
        Assert.Equal(0, rig.Fake.Channels.LimitRefusals);
    }

    [Fact]
    public async Task Subscribe_in_a_server_is_refused_without_manage_channels_and_granted_with_it_then_the_channel_gets_the_news()
    {
        const string channel = "850000000000000001";
        await using var rig = await AnnouncementRig.StartAsync([]);
        var items = NewsPages.Items(page: 46, count: 1);

        var refused = await rig.InteractAsync("851", new { name = "subscribe" }, channel, "0");
        Assert.Contains("only an admin of this chat can subscribe", refused.GetProperty("content").GetString(), StringComparison.Ordinal);

        var granted = await rig.InteractAsync("852", new { name = "subscribe" }, channel, ManageChannels);
        Assert.Contains("Subscribed: every new item will be announced here", granted.GetProperty("content").GetString(), StringComparison.Ordinal);

        rig.Drop("946_news.txt", items);
        await rig.WaitForAllAsync(items, [channel]);
        Assert.Empty(DeliveryCounts.Problems(
            [.. rig.Fake.Channels.Created.Where(m => m.ChannelId == channel).Select(m => new PostedMessage(channel, AnnouncementRig.Text(m)))], [channel], items, 0));
        Assert.Empty(rig.Fake.Violations);
    }

    private static async Task<(int Code, string Text)> HealthAsync(string storePath)
    {
        var (code, output, error) = await HostProcess.RunAsync(
            Path.GetDirectoryName(storePath)!, new Dictionary<string, string?> { ["Storage__Path"] = storePath }, "health");
        return (code, output + error);
    }
}
