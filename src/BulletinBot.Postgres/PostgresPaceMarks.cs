using BulletinBot.Core.Replicas;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// The replicas' pace marks in PostgreSQL, by the server's clock (<c>clock_timestamp()</c>), so the replicas' own
/// clocks never disagree about how long ago a mark was set.
/// </summary>
public sealed class PostgresPaceMarks(NpgsqlDataSource dataSource) : IPaceMarks
{
    public async Task<TimeSpan> WaitBeforeAsync(string name, TimeSpan spacing, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT GREATEST(0, EXTRACT(EPOCH FROM (at + make_interval(secs => $2) - clock_timestamp())))::float8 FROM bb_pace_marks WHERE name = $1");
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(spacing.TotalSeconds);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is double seconds
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;
    }

    public async Task MarkAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO bb_pace_marks (name, at) VALUES ($1, clock_timestamp()) ON CONFLICT (name) DO UPDATE SET at = excluded.at");
        command.Parameters.AddWithValue(name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
