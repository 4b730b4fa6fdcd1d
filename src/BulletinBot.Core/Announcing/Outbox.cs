using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// The announcement outbox: one row per item and target, numbered in the order they must go out.
/// A row stays pending until the platform said yes; nothing here ever deletes one.
/// </summary>
public sealed class Outbox
{
    internal const string Collection = "outbox";
    private const string RowCounter = "outbox:last-row";

    private readonly BulletinDatabase _database;
    private readonly CheckpointStore _checkpoints;
    private readonly ILiteCollection<BsonDocument> _rows;

    public Outbox(BulletinDatabase database, CheckpointStore checkpoints)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _checkpoints = checkpoints;
        _rows = database.Database.GetCollection(Collection);
        _rows.EnsureIndex("pending", "$.pending");
        _rows.EnsureIndex("target", "$.target");
    }

    /// <summary>Queues <paramref name="items"/> for <paramref name="targetKey"/>, in that order; call inside the caller's transaction.</summary>
    public void Enqueue(string targetKey, IEnumerable<(string BulletinId, bool Edit)> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        var last = _checkpoints.Get(RowCounter);
        var start = last;
        foreach (var (id, edit) in items)
        {
            _rows.Insert(new BsonDocument
            {
                ["_id"] = ++last,
                ["target"] = targetKey,
                ["item"] = id,
                ["edit"] = edit,
                ["pending"] = true,
                ["due"] = now.UtcDateTime,
                ["attempts"] = 0,
                ["batch"] = BsonValue.Null,
                ["error"] = BsonValue.Null,
            });
        }

        if (last != start)
        {
            _checkpoints.Set(RowCounter, last);
        }
    }

    /// <summary>The pending rows, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<OutboxRow> Pending(int limit) =>
        _rows.Query().Where(Query.EQ("pending", true)).OrderBy("_id").Limit(limit).ToEnumerable().Select(FromDocument).ToList();

    /// <summary>Gives rows one digest key, so a retry posts the very same digest.</summary>
    public string AssignBatch(IReadOnlyList<OutboxRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var key = $"bb-d{rows[0].Number}-{rows.Count}";
        Update(rows, document => document["batch"] = key);
        return key;
    }

    /// <summary>Marks rows delivered and counts them for their target, in one transaction.</summary>
    public void MarkDelivered(IReadOnlyList<OutboxRow> rows, TargetStore targets, string? messageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(targets);
        var db = _database.Database;
        db.BeginTrans();
        try
        {
            Update(rows, document =>
            {
                document["pending"] = false;
                document["sent"] = now.UtcDateTime;
                document["message"] = messageId is null ? BsonValue.Null : messageId;
            });
            targets.AddDelivered(rows[0].TargetKey, rows.Count);
            db.Commit();
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    /// <summary>Puts rows back for a later try, not before <paramref name="due"/>.</summary>
    public void Postpone(IReadOnlyList<OutboxRow> rows, DateTimeOffset due, string reason) =>
        Update(rows, document =>
        {
            document["due"] = due.UtcDateTime;
            document["attempts"] = document["attempts"].AsInt32 + 1;
            document["error"] = reason;
        });

    public OutboxCounts Counts(string targetKey)
    {
        var pending = _rows.Count(Query.And(Query.EQ("target", targetKey), Query.EQ("pending", true)));
        return new OutboxCounts(pending);
    }

    /// <summary>
    /// Marks a row to go out alone under its own key. A send cut short by a crash leaves no other trace, and without
    /// the mark the restarted dispatcher could fold the row into a digest: a second message (and, on Discord, a new nonce).
    /// </summary>
    public string KeepAlone(OutboxRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Update([row], document => document["batch"] = row.IdempotencyKey);
        return row.IdempotencyKey;
    }

    /// <summary>How many rows wait to be delivered, over every target.</summary>
    public int Depth() => _rows.Count(Query.EQ("pending", true));

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

    private static OutboxRow FromDocument(BsonDocument document) => new(
        document["_id"].AsInt64,
        document["target"].AsString,
        document["item"].AsString,
        document["edit"].AsBoolean,
        new DateTimeOffset(document["due"].AsDateTime.ToUniversalTime()),
        document["attempts"].AsInt32,
        document["batch"].IsNull ? null : document["batch"].AsString);
}

/// <summary>One item to announce to one target. <see cref="Number"/> orders the rows and keys a single announcement.</summary>
public sealed record OutboxRow(long Number, string TargetKey, string BulletinId, bool Edit, DateTimeOffset Due, int Attempts, string? Batch)
{
    /// <summary>The delivery's key when this row goes out alone; the same on every retry.</summary>
    public string IdempotencyKey => $"bb-{Number}";
}

public sealed record OutboxCounts(int Pending);
