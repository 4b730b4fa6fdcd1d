using Xunit;

namespace BulletinBot.TestPages;

/// <summary>What the announcement scenarios need of a platform's rig beyond what the kill loop needs.</summary>
public interface IAnnouncementRig : IAnnouncingHost, IAsyncDisposable
{
    IReadOnlyList<string> Targets { get; }

    /// <summary>Every message the configured targets received, as the delivery counts see them.</summary>
    IReadOnlyList<PostedMessage> Posted();

    /// <summary>Every message <paramref name="chat"/> received, configured as a target or subscribed.</summary>
    IReadOnlyList<PostedMessage> PostedIn(string chat);

    Task RestartBotAsync();

    /// <summary>Waits until a page named <paramref name="page"/> was ingested by the running host.</summary>
    Task WaitForIngestAsync(string page);

    Task WaitForOutputAsync(string text, int timeoutSeconds = 60);

    /// <summary>The <c>health</c> verb against the rig's store: its exit code and everything it printed.</summary>
    Task<(int Code, string Text)> HealthAsync();
}

/// <summary>
/// The five announcement scenarios, written once and run against each platform's real host (a child process) and
/// fake server: a subclass per platform starts its rig, names its chats, makes a chat refuse, reads stats, and adds
/// what only its platform promises (Telegram's send limits, Discord's nonces and embed limits).
/// "Nothing more arrived" is proven by waiting until the running host reports its outbox idle, never by a sleep.
/// </summary>
public abstract class AnnouncementScenarios<TRig>
    where TRig : IAnnouncementRig
{
    /// <summary>The platform as stats and health name it ("telegram", "discord").</summary>
    protected abstract string Platform { get; }

    protected abstract Task<TRig> StartAsync(IReadOnlyList<string> targets);

    /// <summary>Starts the rig with <paramref name="settings"/> added to its environment.</summary>
    protected abstract Task<TRig> StartAsync(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?> settings);

    /// <summary>The chats scenario <paramref name="scenario"/> announces to: two for 1 and 2, one for 3 and 4.</summary>
    protected abstract IReadOnlyList<string> Chats(int scenario);

    /// <summary>No send was refused by the platform's limits: the host kept them.</summary>
    protected abstract void AssertWithinLimits(TRig rig);

    /// <summary>Every body the host sent keeps the platform's rules (markup, lengths, schema).</summary>
    protected abstract void AssertBodiesValid(TRig rig);

    /// <summary>No message was sent twice, even where the platform would have deduplicated it.</summary>
    protected abstract void AssertNoRepeatedSends(TRig rig);

    /// <summary>Makes the platform answer more 429s in a row than the client tries; returns how many.</summary>
    protected abstract int Storm(TRig rig);

    /// <summary>How many sends the platform refused with 429 so far.</summary>
    protected abstract int Refused429(TRig rig);

    /// <summary>The host logged the 429s it met.</summary>
    protected abstract void AssertRateLimitLogged(string output);

    /// <summary>Chats that refuse the bot for good once <see cref="Refuse"/> ran, each with the reason the host records.</summary>
    protected abstract IReadOnlyList<(string Chat, string Reason)> Refusing { get; }

    /// <summary>Makes the fake platform refuse every chat of <see cref="Refusing"/>.</summary>
    protected abstract void Refuse(TRig rig);

    /// <summary>How many times the host tried to send to <paramref name="chat"/>.</summary>
    protected abstract int SendsTo(TRig rig, string chat);

    /// <summary>The answer to the stats command, asked in <paramref name="chat"/> where the platform allows.</summary>
    protected abstract Task<string> StatsAsync(TRig rig, string chat);

    /// <summary>The body length of the 23 long items of the digest scenario: cards too long for one message.</summary>
    protected abstract int LongBodyLength { get; }

    /// <summary>The platform's shape of a digest of 20 long titles followed by 3 cards of 2 parts each.</summary>
    protected abstract void AssertDigestAndSplitCards(TRig rig, IReadOnlyList<NewsItem> items, IReadOnlyList<PostedMessage> posted);

    /// <summary>A chat where subscribe needs a chat admin, or the platform's equivalent permission.</summary>
    protected abstract string GroupChat { get; }

    /// <summary>Asks subscribe in <see cref="GroupChat"/>, as a member or as an admin; returns the answer's text.</summary>
    protected abstract Task<string> SubscribeAsync(TRig rig, bool admin);

    [Fact]
    public async Task A_target_set_to_Spanish_reads_its_announcement_in_Spanish_and_one_left_unset_in_English()
    {
        var chats = Chats(1);
        await using var rig = await StartAsync(chats, new Dictionary<string, string?> { ["Announcements__Targets__0__Language"] = "es" });
        var items = NewsPages.Items(page: 1, count: 1);

        rig.Drop("901_news.txt", items);
        await rig.WaitForAllAsync(items);

        // The item is dated 2026-03-22: the Spanish target reads the date as Spanish writes it, the other as before.
        Assert.Equal(new DateOnly(2026, 3, 22), items[0].Date);
        var spanish = string.Join("\n", rig.PostedIn(chats[0]).Select(m => m.Text));
        var english = string.Join("\n", rig.PostedIn(chats[1]).Select(m => m.Text));
        Assert.Contains("22 de marzo de 2026", spanish, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-03-22", spanish, StringComparison.Ordinal);
        Assert.Contains("2026-03-22", english, StringComparison.Ordinal);
        Assert.DoesNotContain("marzo", english, StringComparison.Ordinal);
        AssertBodiesValid(rig);
    }

    [Fact]
    public async Task A_new_page_is_announced_once_per_target_and_neither_the_same_page_again_nor_a_restart_repeats_it()
    {
        await using var rig = await StartAsync(Chats(1));
        var items = NewsPages.Items(page: 10, count: 2);

        rig.Drop("910_news.txt", items);
        await rig.WaitForAllAsync(items);
        await rig.WaitUntilSettledAsync();
        var announced = rig.Posted().Count;

        // The same page again under its own name (unchanged, skipped) and as a copy (read, its items known).
        rig.Drop("910_news.txt", items);
        rig.Drop("911_copy.txt", items);
        await rig.WaitForIngestAsync("911_copy.txt");
        Assert.Contains("911_copy.txt: 0 new, 0 updated, 2 unchanged", rig.Output, StringComparison.Ordinal);
        await rig.WaitUntilSettledAsync();
        Assert.Equal(announced, rig.Posted().Count);

        await rig.RestartBotAsync();
        await rig.WaitUntilSettledAsync();

        var posted = rig.Posted();
        Assert.Equal(2 * items.Count, posted.Count);
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        Assert.Equal(0, Refused429(rig));
        AssertNoRepeatedSends(rig);
        AssertWithinLimits(rig);
        AssertBodiesValid(rig);
    }

    [Fact]
    public async Task A_storm_of_429s_is_waited_out_and_every_item_arrives_once()
    {
        await using var rig = await StartAsync(Chats(2));
        var items = NewsPages.Items(page: 16, count: 3);

        // More 429s in a row than the client's own attempts, so the outbox has to postpone and try again.
        var storm = Storm(rig);
        rig.Drop("916_news.txt", items);
        await rig.WaitForAllAsync(items);
        await rig.WaitUntilSettledAsync();

        var posted = rig.Posted();
        Assert.Equal(6, posted.Count);
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        Assert.Equal(storm, Refused429(rig));
        AssertRateLimitLogged(rig.Output);
        AssertWithinLimits(rig);
        AssertBodiesValid(rig);
    }

    [Fact]
    public async Task A_chat_that_refuses_the_bot_is_disabled_the_others_get_everything_and_stats_and_health_say_so()
    {
        var open = Chats(3)[0];
        await using var rig = await StartAsync([.. Refusing.Select(r => r.Chat), open]);
        Refuse(rig);
        var first = NewsPages.Items(page: 17, count: 3);
        var second = NewsPages.Items(page: 18, count: 1);

        rig.Drop("917_news.txt", first);
        await rig.WaitForAllAsync(first, [open]);
        foreach (var (chat, _) in Refusing)
        {
            await rig.WaitForOutputAsync($"chat {chat}) is disabled");
        }

        rig.Drop("918_news.txt", second);
        await rig.WaitForAllAsync(second, [open]);
        await rig.WaitUntilSettledAsync();

        Assert.All(Refusing, r => Assert.Equal(1, SendsTo(rig, r.Chat)));
        Assert.Empty(DeliveryCounts.Problems(rig.PostedIn(open), [open], [.. first, .. second], allowedRepeats: 0));

        var stats = await StatsAsync(rig, open);
        foreach (var (chat, reason) in Refusing)
        {
            Assert.True(stats.Contains($"{Platform} {chat}: 0 delivered, 3 pending, disabled: {reason}", StringComparison.Ordinal), stats);
        }

        Assert.True(stats.Contains($"{Platform} {open}: 4 delivered, 0 pending", StringComparison.Ordinal), stats);

        var (code, health) = await rig.HealthAsync();
        Assert.True(code == 0, health);
        Assert.True(health.Contains($"{Refusing.Count + 1} targets, {3 * Refusing.Count} pending, {Refusing.Count} disabled; ", StringComparison.Ordinal), health);
        foreach (var (chat, reason) in Refusing)
        {
            Assert.True(health.Contains($"; {Platform} {chat} disabled: {reason}", StringComparison.Ordinal), health);
        }

        AssertWithinLimits(rig);
        AssertBodiesValid(rig);
    }

    [Fact]
    public async Task More_items_than_the_threshold_become_a_digest_and_long_cards_split_within_the_platform_s_limits()
    {
        await using var rig = await StartAsync(Chats(4));
        // 23 long items: a digest of the 20 a digest carries (long titles), then 3 cards too long for one message.
        var items = NewsPages.Items(page: 19, count: 23, titleLength: 170, bodyLength: LongBodyLength);

        rig.Drop("919_news.txt", items);
        await rig.WaitForAllAsync(items);
        // A card's second part comes after its first, and the platform's limits may hold it back for seconds.
        await rig.WaitUntilSettledAsync();

        var posted = rig.Posted();
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        AssertDigestAndSplitCards(rig, items, posted);
        Assert.Equal(0, Refused429(rig));
        AssertWithinLimits(rig);
        AssertBodiesValid(rig);
    }

    [Fact]
    public async Task Subscribe_in_a_group_is_refused_to_a_member_and_granted_to_an_admin_whose_group_then_gets_the_news()
    {
        await using var rig = await StartAsync([]);
        var items = NewsPages.Items(page: 20, count: 1);

        Assert.Contains("only an admin of this chat can subscribe", await SubscribeAsync(rig, admin: false), StringComparison.Ordinal);
        Assert.Contains("Subscribed: every new item will be announced here", await SubscribeAsync(rig, admin: true), StringComparison.Ordinal);

        rig.Drop("920_news.txt", items);
        await rig.WaitForAllAsync(items, [GroupChat]);
        Assert.Empty(DeliveryCounts.Problems(rig.PostedIn(GroupChat), [GroupChat], items, 0));
        AssertBodiesValid(rig);
    }
}
