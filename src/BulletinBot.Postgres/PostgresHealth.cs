using BulletinBot.Core.Announcing;
using BulletinBot.Core.Replicas;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// What the replicas sharing one database are doing, read from the database itself (any replica, or a health check
/// beside none, reads the same): the change sequence's head, how far the announcements read it, the rows waiting to go
/// out, which replica holds the leader lease and which runs each Discord shard (a lease session's <c>application_name</c>).
/// </summary>
public static class PostgresHealth
{
    public static async Task<ReplicaHealth> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var key = PostgresLease.KeyOf(WorkLeaseNames.Leader);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT (SELECT count(*) FROM bb_items),
                   (SELECT value FROM bb_sequence WHERE id = 1),
                   (SELECT value FROM bb_checkpoints WHERE name = $1),
                   (SELECT count(*) FROM bb_outbox o JOIN bb_targets t ON t.key = o.target WHERE o.pending AND t.disabled IS NULL),
                   {HolderOf("$2")},
                   (SELECT count(*) FROM bb_items WHERE seq > coalesce((SELECT value FROM bb_checkpoints WHERE name = $1), 0))
            """);
        command.Parameters.AddWithValue("changes:" + OutboxFeeder.Consumer);
        command.Parameters.AddWithValue(key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ReplicaHealth(
            Items: reader.GetInt64(0),
            Head: reader.GetInt64(1),
            AnnouncementsRead: reader.IsDBNull(2) ? null : reader.GetInt64(2),
            Pending: reader.GetInt64(3),
            Unread: reader.GetInt64(5),
            Leader: Holder(reader, 4));
    }

    /// <summary>
    /// Which replica runs each of the first <paramref name="shardCount"/> Discord shards (holds its lease), by shard id;
    /// null for a shard that no replica runs now.
    /// </summary>
    public static async Task<IReadOnlyList<string?>> DiscordShardsAsync(NpgsqlDataSource dataSource, int shardCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            $"SELECT {HolderOf("k.key")} FROM unnest($1::bigint[]) WITH ORDINALITY AS k(key, shard) ORDER BY k.shard");
        command.Parameters.AddWithValue(Enumerable.Range(0, shardCount).Select(shard => PostgresLease.KeyOf(WorkLeaseNames.DiscordShard(shard))).ToArray());
        var holders = new List<string?>(shardCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            holders.Add(Holder(reader, 0));
        }

        return holders;
    }

    /// <summary>A subquery: the <c>application_name</c> of the session holding the lease of the advisory lock key <paramref name="key"/>.</summary>
    private static string HolderOf(string key) =>
        $"""
        (SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid = (({key} >> 32) & 4294967295)::oid AND l.objid = ({key} & 4294967295)::oid
          LIMIT 1)
        """;

    /// <summary>A lease holder as its session names it, without the lease prefix; null for none.</summary>
    private static string? Holder(NpgsqlDataReader reader, int column)
    {
        if (reader.IsDBNull(column))
        {
            return null;
        }

        var holder = reader.GetString(column);
        return holder.StartsWith(PostgresLease.ApplicationNamePrefix, StringComparison.Ordinal) ? holder[PostgresLease.ApplicationNamePrefix.Length..] : holder;
    }
}

/// <summary>
/// The shared database's view of the replicas: items stored, the newest change number, how far the announcements read
/// (null before they first started), rows waiting for an enabled target, changes the announcements have not read, and
/// the leader (null: no replica leads).
/// </summary>
public sealed record ReplicaHealth(long Items, long Head, long? AnnouncementsRead, long Pending, long Unread, string? Leader)
{
    /// <summary>Every stored change was read into the outbox and no row waits for an enabled target.</summary>
    public bool OutboxIdle => AnnouncementsRead is not null && Unread == 0 && Pending == 0;
}
