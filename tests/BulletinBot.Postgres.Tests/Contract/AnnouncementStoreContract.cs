using BulletinBot.Core.Announcing;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>
/// The rules of <see cref="IOutbox"/> and <see cref="ITargetStore"/>, run against every implementation: the embedded
/// LiteDB store and the PostgreSQL one. A subclass says only how to make an empty store.
/// </summary>
public abstract class AnnouncementStoreContract : IAsyncLifetime
{
    private const string Consumer = "announcements";
    private static readonly DateTimeOffset Now = new(2020, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DeliveryTarget Chat = new("telegram", "-1001");
    private static readonly DeliveryTarget Topic = new("telegram", "-1001", "55");

    protected IBulletinStore Items { get; private set; } = null!;

    protected ITargetStore Targets { get; private set; } = null!;

    protected IOutbox Outbox { get; private set; } = null!;

    protected abstract Task<(IBulletinStore Items, ITargetStore Targets, IOutbox Outbox)> CreateAsync();

    protected abstract Task DestroyAsync();

    public async Task InitializeAsync() => (Items, Targets, Outbox) = await CreateAsync();

    public Task DisposeAsync() => DestroyAsync();

    [Fact]
    public void A_targets_rows_come_out_in_the_order_fed_and_not_those_of_a_target_whose_key_it_begins()
    {
        var chat = AnnouncementTarget.ConfiguredKey(Chat);
        var topic = AnnouncementTarget.ConfiguredKey(Topic);
        Store(1, 2, 3, 4, 5);

        Outbox.FeedChanges(Consumer, 10, changes =>
        [
            new OutboxPlan(chat, changes.Select(c => (c.Bulletin.Id, false)).ToList()),
            new OutboxPlan(topic, changes.Where((_, i) => i % 2 == 1).Select(c => (c.Bulletin.Id, true)).ToList()),
        ], Now);

        Assert.Equal(["item-1", "item-2", "item-3"], Outbox.Head(chat, 3).Select(r => r.BulletinId));
        var topicRows = Outbox.Head(topic, 10);
        Assert.Equal(["item-2", "item-4"], topicRows.Select(r => r.BulletinId));
        Assert.All(topicRows, r => Assert.True(r.Edit));
        Assert.All(topicRows, r => Assert.Equal(topic, r.TargetKey));
        var chatRows = Outbox.Head(chat, 10);
        Assert.Equal(chatRows.Select(r => r.Number).Order(), chatRows.Select(r => r.Number));
        Assert.All(chatRows, r => Assert.Equal((Now, 0, (string?)null), (r.Due, r.Attempts, r.Batch)));
        Assert.Equal(5, Outbox.Counts(chat).Pending);
        Assert.Equal(2, Outbox.Counts(topic).Pending);
        Assert.Equal(7, Outbox.Depth());
    }

    [Fact]
    public void Feeding_reads_each_change_once_and_a_failed_plan_leaves_neither_rows_nor_a_moved_checkpoint()
    {
        var key = AnnouncementTarget.ConfiguredKey(Chat);
        Store(1, 2, 3, 4, 5);

        Assert.Throws<InvalidOperationException>(() => Outbox.FeedChanges(Consumer, 2, changes =>
            [new OutboxPlan(key, changes.Select(c => (c.Bulletin.Id, false)).ToList()), .. Fail()], Now));
        Assert.Equal(0, Outbox.Depth());

        var seen = new List<long>();
        int consumed;
        while ((consumed = Outbox.FeedChanges(Consumer, 2, changes =>
        {
            seen.AddRange(changes.Select(c => c.Sequence));
            return [new OutboxPlan(key, changes.Select(c => (c.Bulletin.Id, false)).ToList())];
        }, Now)) > 0)
        {
            Assert.InRange(consumed, 1, 2);
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L], seen);
        Assert.Equal(["item-1", "item-2", "item-3", "item-4", "item-5"], Outbox.Head(key, 10).Select(r => r.BulletinId));

        Store(6);
        Assert.Equal(1, Outbox.FeedChanges(Consumer, 10, changes => [new OutboxPlan(key, changes.Select(c => (c.Bulletin.Id, false)).ToList())], Now));
        Assert.Equal(0, Outbox.FeedChanges(Consumer, 10, _ => throw new InvalidOperationException("no change is pending"), Now));
        Assert.Equal(6, Outbox.Depth());

        // Another consumer keeps a position of its own.
        Assert.Equal(6, Outbox.FeedChanges("elsewhere", 10, _ => [], Now));
        Assert.Equal(6, Outbox.Depth());
    }

    [Fact]
    public void A_digest_key_and_its_size_are_kept_on_its_first_row_and_a_single_row_keeps_its_own_key()
    {
        var chat = AnnouncementTarget.ConfiguredKey(Chat);
        var topic = AnnouncementTarget.ConfiguredKey(Topic);
        Feed(chat, 5);
        Feed(topic, 1);

        var head = Outbox.Head(chat, 3);
        var key = Outbox.AssignBatch(head);
        var alone = Outbox.KeepAlone(Outbox.Head(topic, 1)[0]);

        Assert.Equal($"bb-d{head[0].Number}-3", key);
        var rows = Outbox.Head(chat, 10);
        Assert.Equal((key, (int?)3), (rows[0].Batch, rows[0].BatchSize));
        Assert.All(rows.Skip(1), r => Assert.Equal((null, null), (r.Batch, r.BatchSize)));
        var single = Outbox.Head(topic, 1)[0];
        Assert.Equal(single.IdempotencyKey, alone);
        Assert.Equal((alone, (int?)1), (single.Batch, single.BatchSize));
    }

    [Fact]
    public void Marking_rows_delivered_takes_them_out_of_the_queue_and_counts_them_on_the_target()
    {
        Targets.SyncConfigured([(Chat, string.Empty)], Now);
        var key = AnnouncementTarget.ConfiguredKey(Chat);
        Feed(key, 3);

        Outbox.MarkDelivered(Outbox.Head(key, 2), "m1", Now.AddMinutes(1));

        Assert.Equal(2, Targets.Get(key)!.Delivered);
        Assert.Equal(["item-3"], Outbox.Head(key, 10).Select(r => r.BulletinId));
        Assert.Equal(1, Outbox.Counts(key).Pending);
        Assert.Equal(1, Outbox.Depth());

        Outbox.MarkDelivered(Outbox.Head(key, 1), null, Now.AddMinutes(2));

        Assert.Equal(3, Targets.Get(key)!.Delivered);
        Assert.Empty(Outbox.Head(key, 10));
        Assert.Equal(0, Outbox.Depth());
    }

    [Fact]
    public void Postponing_raises_the_attempts_and_moves_the_due_time()
    {
        var key = AnnouncementTarget.ConfiguredKey(Chat);
        Feed(key, 2);

        Outbox.Postpone(Outbox.Head(key, 2), Now.AddMinutes(5), "429 Too Many Requests");
        Outbox.Postpone(Outbox.Head(key, 1), Now.AddMinutes(9), "timeout");

        var rows = Outbox.Head(key, 10);
        Assert.Equal((Now.AddMinutes(9), 2), (rows[0].Due, rows[0].Attempts));
        Assert.Equal((Now.AddMinutes(5), 1), (rows[1].Due, rows[1].Attempts));
        Assert.Equal(2, Outbox.Counts(key).Pending);
    }

    [Fact]
    public void A_subscription_comes_with_its_backfill_and_a_retired_one_still_delivers_what_it_queued()
    {
        var first = Outbox.Subscribe(Chat, "cuba", ["item-1", "item-2"], Now);
        var second = Outbox.Subscribe(Chat, string.Empty, [], Now);
        Outbox.Subscribe(new DeliveryTarget("discord", "-1001"), string.Empty, [], Now);

        Assert.Equal(AnnouncementTarget.SubscriptionKey(1), first.Key);
        Assert.Equal(AnnouncementTarget.SubscriptionKey(2), second.Key);
        Assert.Equal((TargetOrigin.Subscription, "cuba", true, Now), (first.Origin, first.Filter, first.Active, first.Created));
        Assert.Equal(["item-1", "item-2"], Outbox.Head(first.Key, 10).Select(r => r.BulletinId));
        Assert.Equal([first.Key, second.Key], Targets.SubscriptionsOf("telegram", "-1001").Select(t => t.Key));
        Assert.Equal(first, Targets.Get(first.Key));

        Targets.Retire(first.Key);

        Assert.Equal([second.Key], Targets.SubscriptionsOf("telegram", "-1001").Select(t => t.Key));
        Assert.False(Targets.Get(first.Key)!.Active);
        Assert.Equal(2, Outbox.Counts(first.Key).Pending);
        Assert.Equal(3, Targets.All().Count);
    }

    [Fact]
    public void Syncing_the_configured_targets_keeps_their_counts_retires_the_missing_and_enables_refused_ones_again()
    {
        var other = new DeliveryTarget("discord", "42");
        var third = new DeliveryTarget("discord", "7");
        var key = AnnouncementTarget.ConfiguredKey(Chat);
        Assert.Empty(Targets.SyncConfigured([(Chat, string.Empty), (other, "cuba")], Now));
        Feed(key, 1);
        Outbox.MarkDelivered(Outbox.Head(key, 1), "m1", Now);
        Targets.Disable(key, "bot was kicked");
        Assert.True(Targets.Get(key)!.Disabled);

        var enabledAgain = Targets.SyncConfigured([(Chat, "embassy"), (third, string.Empty)], Now.AddDays(1));

        var refused = Assert.Single(enabledAgain);
        Assert.Equal((key, "bot was kicked"), (refused.Key, refused.DisabledReason));
        var target = Targets.Get(key)!;
        Assert.Equal((false, true, "embassy", 1L, Now), (target.Disabled, target.Active, target.Filter, target.Delivered, target.Created));
        Assert.False(Targets.Get(AnnouncementTarget.ConfiguredKey(other))!.Active);
        Assert.Equal((TargetOrigin.Configured, true, Now.AddDays(1)), Targets.Get(AnnouncementTarget.ConfiguredKey(third)) is { } t ? (t.Origin, t.Active, t.Created) : default);
        Assert.Equal(3, Targets.All().Count);
        Assert.Empty(Targets.SyncConfigured([(Chat, "embassy"), (third, string.Empty)], Now.AddDays(2)));
    }

    [Fact]
    public void A_subscription_keeps_the_language_it_was_made_in_and_a_configured_target_has_none()
    {
        var spanish = Outbox.Subscribe(Chat, string.Empty, [], Now, "es");
        var unknown = Outbox.Subscribe(new DeliveryTarget("discord", "42"), string.Empty, [], Now);
        Targets.SyncConfigured([(new DeliveryTarget("discord", "7"), string.Empty)], Now);

        Assert.Equal("es", spanish.Language);
        Assert.Equal("es", Targets.Get(spanish.Key)!.Language);
        Assert.Equal("es", Assert.Single(Targets.SubscriptionsOf("telegram", "-1001")).Language);
        Assert.Null(Targets.Get(unknown.Key)!.Language);
        Assert.Null(Targets.Get(AnnouncementTarget.ConfiguredKey(new DeliveryTarget("discord", "7")))!.Language);
    }

    [Fact]
    public void The_first_start_is_recorded()
    {
        Assert.False(Outbox.HasStarted);

        Outbox.MarkStarted();

        Assert.True(Outbox.HasStarted);
    }

    private static List<OutboxPlan> Fail() => throw new InvalidOperationException("the plan failed");

    private void Store(params int[] numbers) =>
        Items.UpsertPages([new PageWrite(numbers.Select(Item).ToList(), null)]);

    /// <summary>Stores <paramref name="count"/> new items and feeds them all to <paramref name="key"/>.</summary>
    private void Feed(string key, int count)
    {
        var from = (int)Items.LastSequence() + 1;
        Store(Enumerable.Range(from, count).ToArray());
        Outbox.FeedChanges(Consumer, 1000, changes => [new OutboxPlan(key, changes.Select(c => (c.Bulletin.Id, false)).ToList())], Now);
    }

    private static Bulletin Item(int n) => new(
        $"item-{n}",
        "Cuba in USA",
        $"Item number {n} of the embassy",
        [$"Paragraph of item {n}, about topic {n * 7919 % 1000}."],
        new DateOnly(2018, 1, 1 + (n % 28)));
}
