using BulletinBot.Core.Ingestion;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>The web sources' validators (ETag, Last-Modified) in PostgreSQL, so they survive a restart and a takeover.</summary>
public sealed class PostgresSourceValidators(NpgsqlDataSource dataSource) : ISourceValidatorStore
{
    public HttpValidators? Load(string url)
    {
        using var command = dataSource.CreateCommand("SELECT etag, modified FROM bb_source_validators WHERE url = $1");
        command.Parameters.AddWithValue(url);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new HttpValidators(
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
    }

    public void Save(string url, HttpValidators validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        using var command = dataSource.CreateCommand(
            "INSERT INTO bb_source_validators (url, etag, modified) VALUES ($1, $2, $3) " +
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, modified = excluded.modified");
        command.Parameters.AddWithValue(url);
        command.Parameters.AddWithValue((object?)validators.ETag ?? DBNull.Value);
        command.Parameters.AddWithValue(validators.LastModified is { } modified ? modified.UtcDateTime : DBNull.Value);
        command.ExecuteNonQuery();
    }
}
