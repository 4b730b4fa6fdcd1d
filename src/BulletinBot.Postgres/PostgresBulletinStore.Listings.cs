using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace BulletinBot.Postgres;

/// <summary>The store's reads of items for listings: by id, latest, by date, per source.</summary>
public sealed partial class PostgresBulletinStore
{
    public Bulletin? Get(string id) => Query("SELECT " + Columns + " FROM bb_items WHERE id = $1", id).FirstOrDefault()?.Bulletin;

    /// <summary>Bulletins whose id starts with <paramref name="prefix"/>, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Bulletin> FindByIdPrefix(string prefix, int limit)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var low = prefix.Trim().ToLowerInvariant();
        return Query("SELECT " + Columns + " FROM bb_items WHERE id >= $1 AND id < $2 ORDER BY id LIMIT $3", low, low + "\uffff", limit)
            .Select(row => row.Bulletin)
            .ToList();
    }

    /// <summary>The newest bulletins first, after the item whose key is <paramref name="after"/> (see <see cref="BulletinStore.SortKey(Bulletin)"/>).</summary>
    public IReadOnlyList<Bulletin> Latest(string? after, int take, string? origin = null) =>
        (origin is null
            ? Query("SELECT " + Columns + " FROM bb_items WHERE sort > $1 ORDER BY sort LIMIT $2", after ?? string.Empty, take)
            : Query("SELECT " + Columns + " FROM bb_items WHERE sort > $1 AND origin = $3 ORDER BY sort LIMIT $2", after ?? string.Empty, take, origin))
            .Select(row => row.Bulletin)
            .ToList();

    /// <summary>
    /// Bulletins whose dates overlap <paramref name="range"/>, newest first, after the item whose key is <paramref name="after"/>.
    /// An item's range is at most <see cref="Bulletin.MaxDateSpanDays"/> long, so only that many days before the range are read.
    /// </summary>
    public IReadOnlyList<Bulletin> ByDate(DateRange range, string? after, int take, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(range);
        return Query(
                "SELECT " + Columns + " FROM bb_items WHERE " + Overlaps + " AND sort > $3 AND ($6::text IS NULL OR origin = $6) ORDER BY sort LIMIT $4",
                range.From.DayNumber,
                range.To.DayNumber,
                after ?? string.Empty,
                take,
                Bulletin.MaxDateSpanDays,
                Text(origin))
            .Select(row => row.Bulletin)
            .ToList();
    }

    public int CountByDate(DateRange range, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(range);
        return (int)Scalar<long>(
            "SELECT count(*) FROM bb_items WHERE " + Overlaps.Replace("$5", "$3", StringComparison.Ordinal) + " AND ($4::text IS NULL OR origin = $4)",
            range.From.DayNumber,
            range.To.DayNumber,
            Bulletin.MaxDateSpanDays,
            Text(origin));
    }

    /// <summary>The items of one source and when a page of it was last stored.</summary>
    public SourceSummary Summarise(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM bb_items WHERE origin = $1), (SELECT max(at) FROM bb_sources WHERE starts_with(name, $2))",
            connection);
        command.Parameters.AddWithValue(origin);
        command.Parameters.AddWithValue(origin + "/");
        using var reader = command.ExecuteReader();
        reader.Read();
        return new SourceSummary(origin, (int)reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>A text parameter that may be null (a plain null has no type to send).</summary>
    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    /// <summary>An item starting within the range, or before it (by at most $5 days) and ending in or after it.</summary>
    private const string Overlaps = "day BETWEEN $1 - $5 AND $2 AND (day >= $1 OR end_day >= $1)";

    public int Count() => (int)Scalar<long>("SELECT count(*) FROM bb_items");
}
