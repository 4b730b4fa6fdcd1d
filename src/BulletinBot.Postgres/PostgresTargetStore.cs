using BulletinBot.Core.Announcing;
using Npgsql;
using NpgsqlTypes;

namespace BulletinBot.Postgres;

/// <summary>
/// The announcement targets in PostgreSQL, shared by every replica: a subscription made through one replica is
/// honoured by whichever dispatches. Subscriptions are added by <see cref="PostgresOutbox.Subscribe"/>, with their backfill.
/// </summary>
public sealed class PostgresTargetStore(NpgsqlDataSource dataSource) : ITargetStore
{
    internal const string Columns = "key, origin, platform, chat, thread, filter, active, disabled, delivered, created, language";

    /// <summary>The advisory lock key of the configured targets' synchronisation ("bb-targt"): replicas starting at once take turns.</summary>
    private const long SyncLock = 0x62622D7461726774;

    public IReadOnlyList<AnnouncementTarget> SyncConfigured(IReadOnlyList<(DeliveryTarget Destination, string Filter)> configured, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var wanted = configured.ToDictionary(c => AnnouncementTarget.ConfiguredKey(c.Destination), c => c, StringComparer.Ordinal);
        var enabledAgain = new List<AnnouncementTarget>();
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({SyncLock})");
        var known = Read(connection, transaction, $"SELECT {Columns} FROM bb_targets WHERE origin = $1", nameof(TargetOrigin.Configured))
            .ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var target in known.Values.Where(t => t.Active && !wanted.ContainsKey(t.Key)))
        {
            Execute(connection, transaction, "UPDATE bb_targets SET active = false WHERE key = $1", target.Key);
        }

        foreach (var (key, (destination, filter)) in wanted)
        {
            if (known.TryGetValue(key, out var target))
            {
                if (target.Disabled)
                {
                    enabledAgain.Add(target);
                }

                Execute(connection, transaction, "UPDATE bb_targets SET filter = $2, active = true, disabled = NULL WHERE key = $1", key, filter);
            }
            else
            {
                Insert(connection, transaction, new AnnouncementTarget(key, TargetOrigin.Configured, destination, filter, true, null, 0, now), null);
            }
        }

        transaction.Commit();
        return enabledAgain;
    }

    public IReadOnlyList<AnnouncementTarget> SubscriptionsOf(string platform, string chatId) =>
        Query(
            $"SELECT {Columns} FROM bb_targets WHERE chat = $1 AND platform = $2 AND origin = $3 AND active ORDER BY created, number",
            chatId,
            platform,
            nameof(TargetOrigin.Subscription));

    public void Retire(string key) => Execute("UPDATE bb_targets SET active = false WHERE key = $1", key);

    public AnnouncementTarget? Get(string key) => Query($"SELECT {Columns} FROM bb_targets WHERE key = $1", key).FirstOrDefault();

    public IReadOnlyList<AnnouncementTarget> All() => Query($"SELECT {Columns} FROM bb_targets ORDER BY key");

    public void Disable(string key, string reason) => Execute("UPDATE bb_targets SET disabled = $2 WHERE key = $1", key, reason);

    internal static void Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, AnnouncementTarget target, long? number)
    {
        using var command = new NpgsqlCommand(
            "INSERT INTO bb_targets (key, origin, platform, chat, thread, filter, active, disabled, delivered, created, number, language) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            connection,
            transaction);
        command.Parameters.AddWithValue(target.Key);
        command.Parameters.AddWithValue(target.Origin.ToString());
        command.Parameters.AddWithValue(target.Destination.Platform);
        command.Parameters.AddWithValue(target.Destination.ChatId);
        command.Parameters.Add(Text(target.Destination.ThreadId));
        command.Parameters.AddWithValue(target.Filter);
        command.Parameters.AddWithValue(target.Active);
        command.Parameters.Add(Text(target.DisabledReason));
        command.Parameters.AddWithValue(target.Delivered);
        command.Parameters.AddWithValue(target.Created.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)number ?? DBNull.Value });
        command.Parameters.Add(Text(target.Language));
        command.ExecuteNonQuery();
    }

    internal static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    internal static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter });
        }

        return command.ExecuteNonQuery();
    }

    private int Execute(string sql, params object[] parameters)
    {
        using var connection = dataSource.OpenConnection();
        return Execute(connection, null, sql, parameters);
    }

    private List<AnnouncementTarget> Query(string sql, params object[] parameters)
    {
        using var connection = dataSource.OpenConnection();
        return Read(connection, null, sql, parameters);
    }

    private static List<AnnouncementTarget> Read(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        var targets = new List<AnnouncementTarget>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            targets.Add(new AnnouncementTarget(
                reader.GetString(0),
                Enum.Parse<TargetOrigin>(reader.GetString(1)),
                new DeliveryTarget(reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)),
                reader.GetString(5),
                reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetInt64(8),
                reader.GetFieldValue<DateTimeOffset>(9))
            {
                Language = reader.IsDBNull(10) ? null : reader.GetString(10),
            });
        }

        return targets;
    }
}
