using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// Update claims shared by the replicas: the first INSERT of (stream, id) wins, a later one conflicts and inserts
/// nothing, whichever replica makes it. Claims older than <see cref="IPlatformUpdateClaims.KeptFor"/> are deleted now
/// and then.
/// </summary>
public sealed class PostgresPlatformUpdateClaims(NpgsqlDataSource dataSource, TimeProvider time) : IPlatformUpdateClaims
{
    private const int PruneEvery = 256;
    private int claims;

    public bool TryClaim(string stream, long id)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref claims) % PruneEvery == 0)
        {
            using var prune = dataSource.CreateCommand("DELETE FROM bb_platform_claims WHERE claimed < $1");
            prune.Parameters.AddWithValue(now - IPlatformUpdateClaims.KeptFor);
            prune.ExecuteNonQuery();
        }

        using var command = dataSource.CreateCommand(
            "INSERT INTO bb_platform_claims (stream, id, claimed) VALUES ($1, $2, $3) ON CONFLICT (stream, id) DO NOTHING");
        command.Parameters.AddWithValue(stream);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(now);
        return command.ExecuteNonQuery() == 1;
    }
}
