using System.Globalization;
using System.Reflection;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>One versioned SQL script of this assembly (Migrations/NNNN_name.sql).</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Brings a database's schema to this build's version at start. Every replica may start at once: all of them run
/// the same transaction, which first takes a transaction-scoped advisory lock, so they queue, and each one after the
/// first finds the scripts already recorded and applies nothing. A script and its record commit together or not at all.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The advisory lock key of schema changes ("bb-schema"); any constant only we use.</summary>
    private const long LockKey = 0x62622D736368656D;

    /// <summary>Applies the scripts the database lacks and returns how many it applied.</summary>
    public static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS bb_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM bb_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var count = 0;
        foreach (var migration in All().Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO bb_migrations (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(migration.Version);
            record.Parameters.AddWithValue(migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            count++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The newest version this build knows; a database ahead of it was written by a newer build.</summary>
    public static int LatestVersion => All()[^1].Version;

    internal static IReadOnlyList<Migration> All()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static Migration Read(Assembly assembly, string resource)
    {
        var file = resource["Migrations.".Length..^".sql".Length];
        var separator = file.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(file[..separator], NumberStyles.None, CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, file[(separator + 1)..], reader.ReadToEnd());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
