using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// The port of the announcement outbox: one row per item and target, numbered in the order they must go out. Every
/// operation is atomic as a whole, so no caller needs a transaction of its own. LiteDB implements it for one process
/// (<see cref="Outbox"/>), PostgreSQL for several replicas; one contract suite checks both for these rules:
/// <list type="bullet">
/// <item>a target's rows come out in the order they were queued, and a row committed later never numbers below one
/// a reader has already seen for that target (a digest's rows follow its first one with nothing between them);</item>
/// <item>reading changes, queueing their rows and moving the consumer's checkpoint commit together or not at all,
/// and so do a new subscription and its backfill, and a delivery mark and the target's delivered count;</item>
/// <item>a mark the dispatcher sends after (<see cref="AssignBatch"/>, <see cref="KeepAlone"/>,
/// <see cref="MarkDelivered"/>) is durable when the call returns;</item>
/// <item>nothing ever deletes a row.</item>
/// </list>
/// </summary>
public interface IOutbox
{
    /// <summary>Whether the outbox has ever started on this store (its first run's backfill was taken).</summary>
    bool HasStarted { get; }

    /// <summary>Records that the outbox has started on this store.</summary>
    void MarkStarted();

    /// <summary>
    /// Hands <paramref name="consumer"/>'s next changes (at most <paramref name="maxChanges"/>) to <paramref name="plan"/>,
    /// queues the rows it returns (each target's in the order given) and moves the consumer's checkpoint past them,
    /// all in one transaction; when <paramref name="plan"/> throws, neither rows nor checkpoint are written. Returns how
    /// many changes were consumed; 0 when none was pending.
    /// </summary>
    int FeedChanges(string consumer, int maxChanges, Func<IReadOnlyList<StoredChange>, IReadOnlyList<OutboxPlan>> plan, DateTimeOffset now);

    /// <summary>
    /// Adds a subscription and queues its backfill (item ids, oldest first) in one transaction; the subscription
    /// keeps <paramref name="language"/>, the language the chat spoke when it subscribed.
    /// </summary>
    AnnouncementTarget Subscribe(DeliveryTarget destination, string filter, IReadOnlyList<string> backfill, DateTimeOffset now, string? language = null);

    /// <summary>The pending rows of one target, oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<OutboxRow> Head(string targetKey, int limit);

    /// <summary>
    /// Makes the target's first <paramref name="rows"/> one digest, so a retry posts the very same one; only the first
    /// row records its key, with the digest's size. Returns the key once the mark is durable.
    /// </summary>
    string AssignBatch(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken = default);

    /// <summary>Marks a row to go out alone under its own key; returns that key once the mark is durable.</summary>
    string KeepAlone(OutboxRow row, CancellationToken cancellationToken = default);

    /// <summary>Marks rows delivered and counts them on their target, in one transaction; returns once that is durable.</summary>
    void MarkDelivered(IReadOnlyList<OutboxRow> rows, string? messageId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Puts rows back for a later try, not before <paramref name="due"/>, one attempt more.</summary>
    void Postpone(IReadOnlyList<OutboxRow> rows, DateTimeOffset due, string reason);

    OutboxCounts Counts(string targetKey);

    /// <summary>How many rows wait to be delivered, over every target.</summary>
    int Depth();
}

/// <summary>The rows one batch of changes queues for one target, in the order they must go out.</summary>
public sealed record OutboxPlan(string TargetKey, IReadOnlyList<(string BulletinId, bool Edit)> Items);
