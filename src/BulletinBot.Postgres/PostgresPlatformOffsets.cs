using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// A platform's offset (the checkpoint <c>{stream}.offset</c>) and its unanswered updates in PostgreSQL; a commit is
/// durable when it returns. The inbox is the stream's, not a replica's: one replica reads a stream at a time (the
/// leader polls Telegram), and the one that takes over answers what its predecessor left unanswered.
/// </summary>
public sealed class PostgresPlatformOffsets(NpgsqlDataSource dataSource) : IPlatformOffsets
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
                "INSERT INTO bb_platform_inbox (stream, id, lane, payload) SELECT $1, i, l, p FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u(i, l, p) " +
                "ON CONFLICT (stream, id) DO UPDATE SET lane = excluded.lane, payload = excluded.payload",
                stream,
                handedOver.Select(u => u.Id).ToArray(),
                handedOver.Select(u => u.Lane).ToArray(),
                handedOver.Select(u => u.Payload).ToArray());
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

    private static void SetOffset(NpgsqlConnection connection, NpgsqlTransaction? transaction, string stream, long offset) =>
        PostgresTargetStore.Execute(
            connection,
            transaction,
            "INSERT INTO bb_checkpoints (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            LitePlatformOffsets.OffsetName(stream),
            offset);
}
