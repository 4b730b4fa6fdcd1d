using System.Globalization;
using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// The announcement outbox: one row per item and target, numbered in the order they must go out.
/// A row stays pending until the platform said yes; nothing here ever deletes one. While it is
/// pending a row carries its queue key (its target's key and its number), so a target's oldest
/// rows are read from an index instead of from every pending row of every target.
/// </summary>
public sealed class Outbox : IOutbox
{
    internal const string Collection = "outbox";
    private const string RowCounter = "outbox:last-row";
    private const string StartedKey = "announcements:started";

    private readonly BulletinDatabase _database;
    private readonly CheckpointStore _checkpoints;
    private readonly TargetStore _targets;
    private readonly ChangeFeed _feed;
    private readonly ILiteCollection<BsonDocument> _rows;

    public Outbox(BulletinDatabase database, CheckpointStore checkpoints, TargetStore targets, ChangeFeed feed)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _checkpoints = checkpoints;
        _targets = targets;
        _feed = feed;
        _rows = database.Database.GetCollection(Collection);

        // The queue index took over what these were for, and every index costs each of the many inserts.
        _rows.DropIndex("pending");
        _rows.DropIndex("target");
        if (_rows.EnsureIndex("queue", "$.queue"))
        {
            AddQueueKeys();
        }
    }

    public bool HasStarted => _checkpoints.Get(StartedKey) != 0;

    public void MarkStarted() => _checkpoints.Set(StartedKey, 1);

    public int FeedChanges(string consumer, int maxChanges, Func<IReadOnlyList<StoredChange>, IReadOnlyList<OutboxPlan>> plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return _feed.Consume(consumer, maxChanges, changes =>
        {
            foreach (var rows in plan(changes))
            {
                Enqueue(rows.TargetKey, rows.Items, now);
            }
        });
    }

    public AnnouncementTarget Subscribe(DeliveryTarget destination, string filter, IReadOnlyList<string> backfill, DateTimeOffset now, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        return _database.InTransaction(() =>
        {
            var target = _targets.AddSubscription(destination, filter, now, language);
            Enqueue(target.Key, backfill.Select(id => (id, false)), now);
            return target;
        });
    }

    /// <summary>Queues <paramref name="items"/> for <paramref name="targetKey"/>, in that order; call inside the caller's transaction.</summary>
    public void Enqueue(string targetKey, IEnumerable<(string BulletinId, bool Edit)> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        var last = _checkpoints.Get(RowCounter);
        var start = last;
        var rows = new List<BsonDocument>();
        foreach (var (id, edit) in items)
        {
            rows.Add(new BsonDocument
            {
                ["_id"] = ++last,
                ["target"] = targetKey,
                ["item"] = id,
                ["edit"] = edit,
                ["pending"] = true,
                ["queue"] = QueueKey(targetKey, last),
                ["due"] = now.UtcDateTime,
                ["attempts"] = 0,
                ["batch"] = BsonValue.Null,
                ["error"] = BsonValue.Null,
            });
        }

        _rows.Insert(rows);
        if (last != start)
        {
            _checkpoints.Set(RowCounter, last);
        }
    }

    /// <summary>The pending rows of one target, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<OutboxRow> Head(string targetKey, int limit) =>
        _rows.Find(Query.StartsWith("queue", QueuePrefix(targetKey)), 0, limit).Select(FromDocument).ToList();

    /// <summary>
    /// Makes the target's first <paramref name="rows"/> one digest, so a retry posts the very same one.
    /// Only the first row records it, with the digest's size: the rows after it in the target's queue
    /// are the rest, as nothing can come between them, and one write is much cheaper than twenty.
    /// Returns once the mark is on disk: the digest is sent next, and a kill must not make the restart form another.
    /// </summary>
    public string AssignBatch(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var key = $"bb-d{rows[0].Number}-{rows.Count}";
        Update([rows[0]], document =>
        {
            document["batch"] = key;
            document["size"] = rows.Count;
        });
        _database.WaitDurable(cancellationToken);
        return key;
    }

    /// <summary>
    /// Marks rows delivered and counts them for their target, in one transaction, and returns once that is on disk:
    /// the dispatcher sends the next message after this, and a mark a kill took back would send this one again.
    /// </summary>
    public void MarkDelivered(IReadOnlyList<OutboxRow> rows, string? messageId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var committed = Atomically(() =>
        {
            Update(rows, document =>
            {
                document["pending"] = false;
                document["queue"] = BsonValue.Null;
                document["sent"] = now.UtcDateTime;
                document["message"] = messageId is null ? BsonValue.Null : messageId;
            });
            _targets.AddDelivered(rows[0].TargetKey, rows.Count);
        });
        if (committed)
        {
            _database.WaitDurable(cancellationToken);
        }
    }

    /// <summary>Puts rows back for a later try, not before <paramref name="due"/>.</summary>
    public void Postpone(IReadOnlyList<OutboxRow> rows, DateTimeOffset due, string reason) =>
        _ = Atomically(() => Update(rows, document =>
        {
            document["due"] = due.UtcDateTime;
            document["attempts"] = document["attempts"].AsInt32 + 1;
            document["error"] = reason;
        }));

    public OutboxCounts Counts(string targetKey) => new(_rows.Count(Query.StartsWith("queue", QueuePrefix(targetKey))));

    /// <summary>How many rows wait to be delivered, over every target.</summary>
    public int Depth() => _rows.Count(Query.GTE("queue", string.Empty));

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction: all of it or none, and one commit instead of
    /// one per row, which is most of a write's cost. Inside the caller's transaction it joins that one
    /// and returns false: the caller commits.
    /// </summary>
    private bool Atomically(Action write) => _database.InTransaction(write);

    /// <summary>
    /// Marks a row to go out alone under its own key. A send cut short by a crash leaves no other trace, and without
    /// the mark the restarted dispatcher could fold the row into a digest: a second message (and, on Discord, a new nonce).
    /// </summary>
    public string KeepAlone(OutboxRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        Update([row], document =>
        {
            document["batch"] = row.IdempotencyKey;
            document["size"] = 1;
        });
        _database.WaitDurable(cancellationToken);
        return row.IdempotencyKey;
    }

    private void Update(IReadOnlyList<OutboxRow> rows, Action<BsonDocument> change)
    {
        foreach (var row in rows)
        {
            if (_rows.FindById(row.Number) is { } document)
            {
                change(document);
                _rows.Update(document);
            }
        }
    }

    /// <summary>
    /// A row's place in its target's queue. Target keys never hold the separator, and the number is
    /// padded, so the index orders a target's rows by number and a prefix finds exactly its own.
    /// </summary>
    private static string QueueKey(string targetKey, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{QueuePrefix(targetKey)}{number:D19}");

    private static string QueuePrefix(string targetKey) => targetKey + "|";

    /// <summary>Rows written before pending rows carried their queue key get it, once, when the index is made.</summary>
    private void AddQueueKeys() =>
        _ = Atomically(() =>
        {
            foreach (var document in _rows.Find(Query.EQ("pending", true)).ToList())
            {
                document["queue"] = QueueKey(document["target"].AsString, document["_id"].AsInt64);
                _rows.Update(document);
            }
        });

    private static OutboxRow FromDocument(BsonDocument document) => new(
        document["_id"].AsInt64,
        document["target"].AsString,
        document["item"].AsString,
        document["edit"].AsBoolean,
        new DateTimeOffset(document["due"].AsDateTime.ToUniversalTime()),
        document["attempts"].AsInt32,
        document["batch"].IsNull ? null : document["batch"].AsString,
        document["size"].IsNull ? null : document["size"].AsInt32);
}

/// <summary>
/// One item to announce to one target. <see cref="Number"/> orders the rows and keys a single announcement.
/// <see cref="Batch"/> and <see cref="BatchSize"/>: the digest this row begins, and how many of the target's rows it holds
/// (an older build marked every row of a digest, without a size).
/// </summary>
public sealed record OutboxRow(long Number, string TargetKey, string BulletinId, bool Edit, DateTimeOffset Due, int Attempts, string? Batch, int? BatchSize = null)
{
    /// <summary>The delivery's key when this row goes out alone; the same on every retry.</summary>
    public string IdempotencyKey => $"bb-{Number}";
}

public sealed record OutboxCounts(int Pending);
