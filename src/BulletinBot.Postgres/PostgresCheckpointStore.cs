using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>Named numbers shared by the replicas: how far a shared consumer of the change sequence got, a platform's offset.</summary>
public sealed class PostgresCheckpointStore(NpgsqlDataSource dataSource)
{
    public long Get(string name)
    {
        using var command = dataSource.CreateCommand("SELECT value FROM bb_checkpoints WHERE name = $1");
        command.Parameters.AddWithValue(name);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    public void Set(string name, long value)
    {
        using var command = dataSource.CreateCommand(
            "INSERT INTO bb_checkpoints (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value");
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(value);
        command.ExecuteNonQuery();
    }
}
