using BulletinBot.Core.Announcing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>Delivery under the platforms' limits, retries, refusals and digests, on a fake clock.</summary>
public sealed class DispatcherTests
{
    [Fact]
    public async Task Items_go_out_oldest_first_within_every_limit_of_a_fake_that_enforces_them()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 100 });
        rig.Start("telegram:-1001", "telegram:-1002", "telegram:7", "telegram:-1003:55", "discord:1", "discord:2");
        var items = Enumerable.Range(1, 25).Select(i => Item($"Item {i:D2}", Day(2020, 1, i))).ToList();
        foreach (var item in items)
        {
            rig.Archive.Store.UpsertBatch([item]);
        }

        await rig.RunUntilQuietAsync();

        var titles = items.Select(i => i.Title).ToList();
        foreach (var chat in new[] { "-1001", "-1002", "7", "-1003" })
        {
            Assert.Equal(titles, rig.Telegram.ItemsTo(chat));
        }

        Assert.Equal(titles, rig.Discord.ItemsTo("1"));
        Assert.Equal(0, rig.Telegram.LimitViolations);
        Assert.Equal(0, rig.Discord.LimitViolations);
        Assert.Equal("55", rig.Telegram.Delivered.First(d => d.Target.ChatId == "-1003").Target.ThreadId);
    }

    [Fact]
    public async Task More_items_than_the_threshold_for_one_target_become_one_digest()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 5 });
        rig.Start("discord:42");
        rig.Archive.Store.UpsertBatch(Enumerable.Range(1, 7).Select(i => Item($"Item {i}", Day(2020, 1, i))).ToList());
        await rig.RunUntilQuietAsync();

        var digest = Assert.Single(rig.Discord.Delivered);
        Assert.Equal(7, digest.Items.Count);
        Assert.Equal("Item 1", digest.Items[0].Title);
    }

    [Fact]
    public async Task A_storm_of_429s_is_retried_with_the_same_key_never_sooner_than_asked_and_nothing_is_lost()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 100 });
        rig.Start("discord:42");
        var refusals = 0;
        var tries = new List<(DateTimeOffset At, string Key)>();
        rig.Discord.Answer = delivery =>
        {
            tries.Add((rig.Archive.Time.GetUtcNow(), delivery.IdempotencyKey));
            return ++refusals <= 12 ? new RetryLater(TimeSpan.FromSeconds(30), "429 Too Many Requests") : null;
        };
        rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2)), Item("C", Day(2020, 1, 3))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal(["A", "B", "C"], rig.Discord.ItemsTo("42"));
        Assert.All(tries.Take(13), t => Assert.Equal(tries[0].Key, t.Key));
        Assert.All(tries.Take(13).Zip(tries.Skip(1).Take(12)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(30)));
        Assert.Equal(0, rig.Outbox.Depth());
        Assert.Contains(rig.DispatchLog.Entries, e => e.Message.Contains("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_digest_retried_after_a_failure_is_the_same_digest_with_the_same_key()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 2 });
        rig.Start("telegram:-1001");
        var calls = 0;
        rig.Telegram.Answer = _ => ++calls == 1 ? new RetryLater(null, "502 Bad Gateway") : null;
        rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2)), Item("C", Day(2020, 1, 3))]);
        rig.Feeder.FeedPending();
        await rig.Dispatcher.DispatchDueAsync(CancellationToken.None);

        // More items arrive while the digest waits for its retry: they do not join it.
        rig.Archive.Store.UpsertBatch([Item("D", Day(2020, 1, 4))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal(rig.Telegram.Attempts[0].IdempotencyKey, rig.Telegram.Attempts[1].IdempotencyKey);
        Assert.Equal(["A", "B", "C"], rig.Telegram.Delivered[0].Items.Select(i => i.Title));
        Assert.Equal(["A", "B", "C", "D"], rig.Telegram.ItemsTo("-1001"));
    }

    [Fact]
    public async Task A_digest_an_older_build_began_by_marking_each_of_its_rows_is_sent_as_it_was()
    {
        using var rig = new AnnouncingRig();
        var items = new[] { Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2)), Item("C", Day(2020, 1, 3)), Item("D", Day(2020, 1, 4)) };
        rig.Archive.Store.UpsertBatch(items);
        rig.Start("discord:42");
        var key = AnnouncementTarget.ConfiguredKey(new DeliveryTarget("discord", "42"));
        rig.Outbox.Enqueue(key, items.Select(i => (i.Id, false)), rig.Archive.Time.GetUtcNow());

        // The build before wrote the digest's key on each of its rows, and no size.
        var rows = rig.Archive.Database.Database.GetCollection(Outbox.Collection);
        foreach (var document in rows.FindAll().OrderBy(d => d["_id"].AsInt64).Take(3).ToList())
        {
            document["batch"] = "bb-d1-3";
            rows.Update(document);
        }

        await rig.RunUntilQuietAsync();

        Assert.Equal("bb-d1-3", rig.Discord.Delivered[0].IdempotencyKey);
        Assert.Equal(["A", "B", "C"], rig.Discord.Delivered[0].Items.Select(i => i.Title));
        Assert.Equal(["A", "B", "C", "D"], rig.Discord.ItemsTo("42"));
        Assert.Equal(0, rig.Outbox.Depth());
    }

    [Fact]
    public async Task A_target_refused_for_good_is_disabled_and_reported_and_the_others_go_on()
    {
        using var rig = await KickedFromOneGroupAsync();

        Assert.Equal(["A", "B"], rig.Telegram.ItemsTo("-1001"));
        Assert.Single(rig.Telegram.Attempts, d => d.Target.ChatId == "-1002");
        var statistics = rig.Subscriptions.Statistics();
        var refused = statistics.Targets.Single(t => t.ChatId == "-1002");
        Assert.Equal("403 Forbidden: bot was kicked", refused.DisabledReason);
        Assert.Equal(1, refused.Pending);
        Assert.Equal(2, statistics.Targets.Single(t => t.ChatId == "-1001").Delivered);
        Assert.Contains(rig.DispatchLog.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("-1002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_configured_target_is_tried_again_at_the_next_start_with_what_it_had_pending()
    {
        using var rig = await KickedFromOneGroupAsync();

        // The operator puts the bot back into the channel and restarts it.
        rig.Telegram.Answer = _ => null;
        var enabledAgain = rig.Targets.SyncConfigured([(new DeliveryTarget("telegram", "-1001"), ""), (new DeliveryTarget("telegram", "-1002"), "")], rig.Archive.Time.GetUtcNow());
        rig.Archive.Store.UpsertBatch([Item("C", Day(2020, 1, 3))]);
        await rig.RunUntilQuietAsync();

        var again = Assert.Single(enabledAgain);
        Assert.Equal("-1002", again.Destination.ChatId);
        Assert.Equal("403 Forbidden: bot was kicked", again.DisabledReason);
        Assert.Equal(["A", "B", "C"], rig.Telegram.ItemsTo("-1001"));
        Assert.Equal(["A", "C"], rig.Telegram.ItemsTo("-1002"));
        Assert.All(rig.Subscriptions.Statistics().Targets, t => Assert.Null(t.DisabledReason));
    }

    /// <summary>Two configured groups; the second kicked the bot, and items A and B were stored one after the other.</summary>
    private static async Task<AnnouncingRig> KickedFromOneGroupAsync()
    {
        var rig = new AnnouncingRig();
        rig.Start("telegram:-1001", "telegram:-1002");
        rig.Telegram.Answer = d => d.Target.ChatId == "-1002" ? new Refused("403 Forbidden: bot was kicked") : null;
        rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1))]);
        await rig.RunUntilQuietAsync();
        rig.Archive.Store.UpsertBatch([Item("B", Day(2020, 1, 2))]);
        await rig.RunUntilQuietAsync();
        return rig;
    }

    [Fact]
    public async Task A_configured_target_still_refused_after_a_start_is_disabled_again_after_one_attempt()
    {
        using var rig = new AnnouncingRig();
        rig.Start("telegram:-1002");
        rig.Telegram.Answer = _ => new Refused("403 Forbidden: bot was kicked");
        rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1))]);
        await rig.RunUntilQuietAsync();

        Assert.Single(rig.Targets.SyncConfigured([(new DeliveryTarget("telegram", "-1002"), "")], rig.Archive.Time.GetUtcNow()));
        rig.Archive.Store.UpsertBatch([Item("B", Day(2020, 1, 2))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal(2, rig.Telegram.Attempts.Count);
        Assert.Empty(rig.Telegram.ItemsTo("-1002"));
        var target = Assert.Single(rig.Subscriptions.Statistics().Targets);
        Assert.Equal("403 Forbidden: bot was kicked", target.DisabledReason);
        Assert.Equal(2, target.Pending);
    }

    [Fact]
    public void Retry_delays_grow_with_jitter_and_never_undercut_the_platform()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { MaxRetryDelay = TimeSpan.FromMinutes(10) });

        Assert.InRange(rig.Dispatcher.RetryDelay(1, null), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(rig.Dispatcher.RetryDelay(5, null), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16));
        Assert.InRange(rig.Dispatcher.RetryDelay(40, null), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        Assert.True(rig.Dispatcher.RetryDelay(1, TimeSpan.FromSeconds(45)) >= TimeSpan.FromSeconds(45));
    }
}
