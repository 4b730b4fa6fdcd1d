using BulletinBot.Core.Announcing;
using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// The announcement outbox in PostgreSQL, shared by every replica, with the embedded outbox's rules (see <see cref="IOutbox"/>).
/// <para>
/// A target's rows must come out in the order they were queued, and a digest is recorded on its first row only, the
/// rows after it being the rest; so a row must never commit with a number below one a reader has already seen. A
/// <c>bigserial</c> would allow it. Here a queueing transaction takes its numbers by adding to the checkpoint
/// <c>outbox:last-row</c> (<c>INSERT ... ON CONFLICT DO UPDATE ... RETURNING</c>), which locks that row until the
/// transaction ends; PostgreSQL makes a commit visible before it releases the locks, so the next queueing transaction
/// reads the committed value and numbers after it. Numbers are therefore in commit order, as the change sequence's are.
/// </para>
/// <para>
/// A commit is durable when it returns (<c>synchronous_commit</c> on, the server's default), which is what the
/// dispatcher needs of a mark before it sends the next message.
/// </para>
/// </summary>
public sealed class PostgresOutbox(NpgsqlDataSource dataSource, IBulletinStore items) : IOutbox
{
    private const string RowCounter = "outbox:last-row";
    private const string SubscriptionCounter = "subscriptions:last";
    private const string StartedKey = "announcements:started";
    private const string RowColumns = "number, target, item, edit, due, attempts, batch, size";

    public bool HasStarted
    {
        get
        {
            using var command = dataSource.CreateCommand("SELECT value FROM bb_checkpoints WHERE name = $1");
            command.Parameters.AddWithValue(StartedKey);
            return command.ExecuteScalar() is long value && value != 0;
        }
    }

    public void MarkStarted()
    {
        using var connection = dataSource.OpenConnection();
        PostgresTargetStore.Execute(
            connection,
            null,
            "INSERT INTO bb_checkpoints (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = 1",
            StartedKey);
    }

    public int FeedChanges(string consumer, int maxChanges, Func<IReadOnlyList<StoredChange>, IReadOnlyList<OutboxPlan>> plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var checkpoint = "changes:" + consumer;
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();

        // The consumer's row, locked until this transaction ends: a second replica feeding at once waits, then reads
        // the position this one committed, so no change is queued twice.
        PostgresTargetStore.Execute(connection, transaction, "INSERT INTO bb_checkpoints (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING", checkpoint);
        long position;
        using (var read = new NpgsqlCommand("SELECT value FROM bb_checkpoints WHERE name = $1 FOR UPDATE", connection, transaction))
        {
            read.Parameters.AddWithValue(checkpoint);
            position = (long)read.ExecuteScalar()!;
        }

        var changes = items.ChangesAfter(position, maxChanges);
        if (changes.Count == 0)
        {
            return 0;
        }

        Enqueue(connection, transaction, plan(changes), now);
        PostgresTargetStore.Execute(connection, transaction, "UPDATE bb_checkpoints SET value = $2 WHERE name = $1", checkpoint, changes[^1].Sequence);
        transaction.Commit();
        return changes.Count;
    }

    public AnnouncementTarget Subscribe(DeliveryTarget destination, string filter, IReadOnlyList<string> backfill, DateTimeOffset now, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var number = Take(connection, transaction, SubscriptionCounter, 1);
        var target = new AnnouncementTarget(AnnouncementTarget.SubscriptionKey(number), TargetOrigin.Subscription, destination, filter, true, null, 0, now)
        {
            Language = language,
        };
        PostgresTargetStore.Insert(connection, transaction, target, number);
        Enqueue(connection, transaction, [new OutboxPlan(target.Key, backfill.Select(id => (id, false)).ToList())], now);
        transaction.Commit();
        return target;
    }

    public IReadOnlyList<OutboxRow> Head(string targetKey, int limit)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand($"SELECT {RowColumns} FROM bb_outbox WHERE target = $1 AND pending ORDER BY number LIMIT $2", connection);
        command.Parameters.AddWithValue(targetKey);
        command.Parameters.AddWithValue(limit);
        var rows = new List<OutboxRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new OutboxRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetBoolean(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7)));
        }

        return rows;
    }

    public string AssignBatch(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var key = $"bb-d{rows[0].Number}-{rows.Count}";
        Execute("UPDATE bb_outbox SET batch = $2, size = $3 WHERE number = $1", rows[0].Number, key, rows.Count);
        return key;
    }

    public string KeepAlone(OutboxRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        Execute("UPDATE bb_outbox SET batch = $2, size = 1 WHERE number = $1", row.Number, row.IdempotencyKey);
        return row.IdempotencyKey;
    }

    public void MarkDelivered(IReadOnlyList<OutboxRow> rows, string? messageId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var marked = PostgresTargetStore.Execute(
            connection,
            transaction,
            "UPDATE bb_outbox SET pending = false, sent = $2, message = $3 WHERE number = ANY($1) AND pending",
            Numbers(rows),
            now.ToUniversalTime(),
            PostgresTargetStore.Text(messageId));

        // Only rows this call took out of the queue count: a mark repeated by a retry adds nothing.
        PostgresTargetStore.Execute(connection, transaction, "UPDATE bb_targets SET delivered = delivered + $2 WHERE key = $1", rows[0].TargetKey, (long)marked);
        transaction.Commit();
    }

    public void Postpone(IReadOnlyList<OutboxRow> rows, DateTimeOffset due, string reason)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Execute(
            "UPDATE bb_outbox SET due = $2, attempts = attempts + 1, error = $3 WHERE number = ANY($1)",
            Numbers(rows),
            due.ToUniversalTime(),
            reason);
    }

    public OutboxCounts Counts(string targetKey)
    {
        using var command = dataSource.CreateCommand("SELECT count(*) FROM bb_outbox WHERE target = $1 AND pending");
        command.Parameters.AddWithValue(targetKey);
        return new OutboxCounts((int)(long)command.ExecuteScalar()!);
    }

    public int Depth()
    {
        using var command = dataSource.CreateCommand("SELECT count(*) FROM bb_outbox WHERE pending");
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>Queues every plan's rows under numbers taken in commit order, and wakes the dispatching replica when this commits.</summary>
    private static void Enqueue(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxPlan> plans, DateTimeOffset now)
    {
        var targets = new List<string>();
        var ids = new List<string>();
        var edits = new List<bool>();
        foreach (var plan in plans)
        {
            foreach (var (id, edit) in plan.Items)
            {
                targets.Add(plan.TargetKey);
                ids.Add(id);
                edits.Add(edit);
            }
        }

        if (ids.Count == 0)
        {
            return;
        }

        var before = Take(connection, transaction, RowCounter, ids.Count) - ids.Count;
        PostgresTargetStore.Execute(
            connection,
            transaction,
            "INSERT INTO bb_outbox (number, target, item, edit, pending, due, attempts) " +
            "SELECT $1 + n, t, i, e, true, $5, 0 FROM unnest($2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS u(t, i, e, n)",
            before,
            targets.ToArray(),
            ids.ToArray(),
            edits.ToArray(),
            now.ToUniversalTime());
        PostgresTargetStore.Execute(connection, transaction, $"NOTIFY {PostgresWakeups.Outbox}");
    }

    /// <summary>Adds <paramref name="count"/> to a counter and returns its new value; the counter's row stays locked until the transaction ends.</summary>
    private static long Take(NpgsqlConnection connection, NpgsqlTransaction transaction, string counter, long count)
    {
        using var command = new NpgsqlCommand(
            "INSERT INTO bb_checkpoints (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = bb_checkpoints.value + excluded.value RETURNING value",
            connection,
            transaction);
        command.Parameters.AddWithValue(counter);
        command.Parameters.AddWithValue(count);
        return (long)command.ExecuteScalar()!;
    }

    private static long[] Numbers(IReadOnlyList<OutboxRow> rows) => rows.Select(r => r.Number).ToArray();

    private void Execute(string sql, params object[] parameters)
    {
        using var connection = dataSource.OpenConnection();
        PostgresTargetStore.Execute(connection, null, sql, parameters);
    }
}
