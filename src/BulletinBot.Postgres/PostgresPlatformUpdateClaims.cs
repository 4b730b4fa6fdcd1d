using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// Update claims shared by the replicas: the first INSERT of (stream, id) wins, a later one conflicts and inserts
/// nothing, whichever replica makes it. Claims older than <see cref="IPlatformUpdateClaims.KeptFor"/> are deleted now
/// and then. The update a claim keeps is kept as this process's (<see cref="PostgresInboxOwner"/>).
/// </summary>
public sealed class PostgresPlatformUpdateClaims(NpgsqlDataSource dataSource, TimeProvider time, PostgresInboxOwner owner) : IPlatformUpdateClaims
{
    private const int PruneEvery = 256;
    private int claims;

    public bool TryClaim(string stream, long id)
    {
        using var command = Command(stream, id,
            "INSERT INTO bb_platform_claims (stream, id, claimed) VALUES ($1, $2, $3) ON CONFLICT (stream, id) DO NOTHING");
        return command.ExecuteNonQuery() == 1;
    }

    public bool TryClaim(string stream, PlatformUpdate keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        // One statement, so one transaction: the inbox row is written only by the claim that won.
        using var command = Command(stream, keep.Id,
            "WITH won AS (INSERT INTO bb_platform_claims (stream, id, claimed) VALUES ($1, $2, $3) ON CONFLICT (stream, id) DO NOTHING RETURNING id) " +
            "INSERT INTO bb_platform_inbox (stream, id, lane, payload, owner) SELECT $1, id, $4, $5, $6 FROM won " +
            "ON CONFLICT (stream, id) DO UPDATE SET lane = excluded.lane, payload = excluded.payload, owner = excluded.owner");
        command.Parameters.AddWithValue(keep.Lane);
        command.Parameters.AddWithValue(keep.Payload);
        command.Parameters.AddWithValue(owner.Key);
        return command.ExecuteNonQuery() == 1;
    }

    private NpgsqlCommand Command(string stream, long id, string sql)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref claims) % PruneEvery == 0)
        {
            using var prune = dataSource.CreateCommand("DELETE FROM bb_platform_claims WHERE claimed < $1");
            prune.Parameters.AddWithValue(now - IPlatformUpdateClaims.KeptFor);
            prune.ExecuteNonQuery();
        }

        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(stream);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(now);
        return command;
    }
}
