using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// A platform's offset (the checkpoint <c>{stream}.offset</c>) and its unanswered updates in PostgreSQL; a commit is
/// durable when it returns. Each kept update names the process that keeps it (<see cref="PostgresInboxOwner"/>):
/// a poller that takes the stream over answers everything its predecessor left (<see cref="Unfinished"/>), and a
/// webhook replica takes over only what a process that ended left (<see cref="TakeOver"/>), never what a live one is
/// answering.
/// </summary>
public sealed class PostgresPlatformOffsets(NpgsqlDataSource dataSource, PostgresInboxOwner owner) : IPlatformOffsets
{
    public long Load(string stream)
    {
        using var command = dataSource.CreateCommand("SELECT value FROM bb_checkpoints WHERE name = $1");
        command.Parameters.AddWithValue(LitePlatformOffsets.OffsetName(stream));
        return command.ExecuteScalar() is long value ? value : 0;
    }

    public void Save(string stream, long offset)
    {
        using var connection = dataSource.OpenConnection();
        SetOffset(connection, null, stream, offset);
    }

    public void Accept(string stream, IReadOnlyList<PlatformUpdate> handedOver, long nextOffset)
    {
        ArgumentNullException.ThrowIfNull(handedOver);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        if (handedOver.Count > 0)
        {
            PostgresTargetStore.Execute(
                connection,
                transaction,
                "INSERT INTO bb_platform_inbox (stream, id, lane, payload, owner) SELECT $1, i, l, p, $5 FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u(i, l, p) " +
                "ON CONFLICT (stream, id) DO UPDATE SET lane = excluded.lane, payload = excluded.payload, owner = excluded.owner",
                stream,
                handedOver.Select(u => u.Id).ToArray(),
                handedOver.Select(u => u.Lane).ToArray(),
                handedOver.Select(u => u.Payload).ToArray(),
                owner.Key);
        }

        SetOffset(connection, transaction, stream, nextOffset);
        transaction.Commit();
    }

    public void Finished(string stream, long id)
    {
        using var connection = dataSource.OpenConnection();
        PostgresTargetStore.Execute(connection, null, "DELETE FROM bb_platform_inbox WHERE stream = $1 AND id = $2", stream, id);
    }

    public IReadOnlyList<PlatformUpdate> Unfinished(string stream)
    {
        using var command = dataSource.CreateCommand("SELECT id, lane, payload FROM bb_platform_inbox WHERE stream = $1 ORDER BY id");
        command.Parameters.AddWithValue(stream);
        var updates = new List<PlatformUpdate>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            updates.Add(new PlatformUpdate(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return updates;
    }

    /// <summary>
    /// Moves to this process, in one statement, every row of <paramref name="stream"/> that has no owner or whose
    /// owner's lock is free. <c>pg_try_advisory_xact_lock</c> takes a free owner's lock until the statement commits,
    /// and fails on the lock of a live process (this one's included, held by its own session). Two replicas taking over
    /// at once cannot both take a row: the second waits on the first's row lock, then sees the first as the owner, and
    /// the first is alive.
    /// </summary>
    public IReadOnlyList<PlatformUpdate> TakeOver(string stream)
    {
        var me = owner.Key;
        using var command = dataSource.CreateCommand(
            "UPDATE bb_platform_inbox SET owner = $2 WHERE stream = $1 AND (owner IS NULL OR (owner <> $2 AND pg_try_advisory_xact_lock(owner))) " +
            "RETURNING id, lane, payload");
        command.Parameters.AddWithValue(stream);
        command.Parameters.AddWithValue(me);
        var updates = new List<PlatformUpdate>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            updates.Add(new PlatformUpdate(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        updates.Sort((x, y) => x.Id.CompareTo(y.Id));
        return updates;
    }

    private static void SetOffset(NpgsqlConnection connection, NpgsqlTransaction? transaction, string stream, long offset) =>
        PostgresTargetStore.Execute(
            connection,
            transaction,
            "INSERT INTO bb_checkpoints (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            LitePlatformOffsets.OffsetName(stream),
            offset);
}
