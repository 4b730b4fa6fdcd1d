using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace BulletinBot.Postgres;

/// <summary>
/// The items and their change sequence in PostgreSQL, shared by every replica.
/// <para>
/// The change sequence is in commit order. A follower reads "every change numbered above N" and moves N to the
/// highest number it read; it must never later meet a number below N that committed after it looked. A
/// <c>bigserial</c> breaks that: writer A takes 7, writer B takes 8 and commits, a follower reads 8 and moves on,
/// then A commits 7 behind it. Here a writer takes its numbers from the one row of <c>bb_sequence</c> with
/// <c>SELECT ... FOR UPDATE</c> as its first statement and writes the new value last, in the same transaction. The
/// row lock is held until that transaction ends, and PostgreSQL makes a commit visible before it releases the
/// transaction's locks; the next writer's <c>FOR UPDATE</c> waits for the lock and then reads the committed value.
/// So writers hand out numbers one transaction after the other, every number below the newest visible one is
/// already visible, and a follower's statement sees either all of a transaction's changes or none of them.
/// Writes are serialised by this, which costs nothing here: one replica at a time reads the sources.
/// </para>
/// <para>Each commit notifies <see cref="PostgresWakeups.Changes"/> with its newest number and moves <paramref name="head"/> on.</para>
/// </summary>
public sealed partial class PostgresBulletinStore(NpgsqlDataSource dataSource, TimeProvider time, PostgresChangeHead? head = null) : IBulletinStore
{
    private const string IdentityKey = "identity";
    private const string Columns = "id, source, title, paragraphs, day, end_day, link, seq, first_seen, updated, origin";

    /// <summary>Stores several pages in one transaction, with the change numbers of every item added or changed.</summary>
    public IReadOnlyList<UpsertResult> UpsertPages(IReadOnlyList<PageWrite> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var now = time.GetUtcNow();
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();

        long sequence;
        using (var take = new NpgsqlCommand("SELECT value FROM bb_sequence WHERE id = 1 FOR UPDATE", connection, transaction))
        {
            sequence = (long)take.ExecuteScalar()!;
        }

        var start = sequence;
        var results = new UpsertResult[pages.Count];
        for (var i = 0; i < pages.Count; i++)
        {
            results[i] = Write(connection, transaction, pages[i], now, ref sequence);
        }

        if (sequence != start)
        {
            using var bump = new NpgsqlCommand("UPDATE bb_sequence SET value = $1 WHERE id = 1", connection, transaction);
            bump.Parameters.AddWithValue(sequence);
            bump.ExecuteNonQuery();

            // Delivered to every listening replica when, and only if, this transaction commits.
            using var notify = new NpgsqlCommand($"SELECT pg_notify('{PostgresWakeups.Changes}', $1)", connection, transaction);
            notify.Parameters.AddWithValue(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            notify.ExecuteNonQuery();
        }

        transaction.Commit();
        head?.Advance(sequence);
        return results;
    }

    private static UpsertResult Write(NpgsqlConnection connection, NpgsqlTransaction transaction, PageWrite page, DateTimeOffset now, ref long sequence)
    {
        var added = new List<Bulletin>();
        var updated = new List<Bulletin>();
        var unchanged = 0;
        var edits = new EditMatcher(
            (source, day, max) => Read(connection, transaction, "SELECT " + Columns + " FROM bb_items WHERE source = $1 AND day = $2 LIMIT $3", source, day, max).Select(r => r.Bulletin).ToList(),
            page.Items);
        foreach (var item in page.Items)
        {
            // An item whose id is new may be a stored one corrected: it keeps the stored id and is updated in place.
            var bulletin = item;
            var existing = Read(connection, transaction, "SELECT " + Columns + " FROM bb_items WHERE id = $1", item.Id).FirstOrDefault();
            if (existing is null && edits.Find(item) is { } edited)
            {
                bulletin = item with { Id = edited.Id };
                existing = Read(connection, transaction, "SELECT " + Columns + " FROM bb_items WHERE id = $1", edited.Id).FirstOrDefault();
            }

            if (existing is null)
            {
                Insert(connection, transaction, bulletin, ++sequence, now);
                added.Add(bulletin);
            }
            else if (Adopt(existing.Bulletin, ref bulletin) is var learnsOrigin && learnsOrigin)
            {
                // Stored before items recorded their source and read again unchanged: no change number, no edit.
                using var origin = new NpgsqlCommand("UPDATE bb_items SET origin = $2 WHERE id = $1", connection, transaction);
                origin.Parameters.AddWithValue(bulletin.Id);
                origin.Parameters.AddWithValue(bulletin.Origin!);
                origin.ExecuteNonQuery();
                unchanged++;
            }
            else if (!existing.Bulletin.Equals(bulletin))
            {
                Update(connection, transaction, bulletin, ++sequence, now);
                updated.Add(bulletin);
            }
            else
            {
                unchanged++;
            }
        }

        if (page.Source is { } source)
        {
            using var state = new NpgsqlCommand(
                "INSERT INTO bb_sources (name, hash, items, at) VALUES ($1, $2, $3, $4) " +
                "ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, items = excluded.items, at = excluded.at",
                connection,
                transaction);
            state.Parameters.AddWithValue(source.Name);
            state.Parameters.AddWithValue(source.ContentHash);
            state.Parameters.AddWithValue(source.ItemCount);
            state.Parameters.AddWithValue(source.IngestedAt.ToUniversalTime());
            state.ExecuteNonQuery();
        }

        return new UpsertResult(added, updated, unchanged);
    }

    /// <summary>
    /// An item belongs to the source that first delivered it (<paramref name="incoming"/> takes the stored origin);
    /// true when the stored item has no origin yet and is otherwise the same, so it only learns one.
    /// </summary>
    private static bool Adopt(Bulletin stored, ref Bulletin incoming)
    {
        incoming = incoming with { Origin = stored.Origin ?? incoming.Origin };
        return stored.Origin is null && incoming.Origin is not null && stored with { Origin = incoming.Origin } == incoming;
    }

    private static void Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, Bulletin bulletin, long sequence, DateTimeOffset now)
    {
        using var command = new NpgsqlCommand(
            "INSERT INTO bb_items (id, sort, seq, source, title, paragraphs, day, end_day, link, first_seen, updated, origin) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)",
            connection,
            transaction);
        AddItem(command, bulletin, sequence, now);
        command.ExecuteNonQuery();
    }

    private static void Update(NpgsqlConnection connection, NpgsqlTransaction transaction, Bulletin bulletin, long sequence, DateTimeOffset now)
    {
        using var command = new NpgsqlCommand(
            "UPDATE bb_items SET sort = $2, seq = $3, source = $4, title = $5, paragraphs = $6, day = $7, end_day = $8, link = $9, updated = $10, origin = $11 " +
            "WHERE id = $1",
            connection,
            transaction);
        AddItem(command, bulletin, sequence, now);
        command.ExecuteNonQuery();
    }

    private static void AddItem(NpgsqlCommand command, Bulletin bulletin, long sequence, DateTimeOffset now)
    {
        command.Parameters.AddWithValue(bulletin.Id);
        command.Parameters.AddWithValue(BulletinStore.SortKey(bulletin));
        command.Parameters.AddWithValue(sequence);
        command.Parameters.AddWithValue(bulletin.Source);
        command.Parameters.AddWithValue(bulletin.Title);
        command.Parameters.AddWithValue(bulletin.Paragraphs.ToArray());
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = bulletin.Date is { } day ? day.DayNumber : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = bulletin.EndDate is { } end ? end.DayNumber : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)bulletin.Link ?? DBNull.Value });
        command.Parameters.AddWithValue(now.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)bulletin.Origin ?? DBNull.Value });
    }

    /// <summary>The number of the newest change; 0 for an empty store.</summary>
    public long LastSequence() => Scalar<long>("SELECT value FROM bb_sequence WHERE id = 1");

    /// <summary>The items added or changed after change <paramref name="sequence"/>, oldest change first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredChange> ChangesAfter(long sequence, int limit) =>
        Query("SELECT " + Columns + " FROM bb_items WHERE seq > $1 ORDER BY seq LIMIT $2", sequence, limit)
            .Select(row => new StoredChange(row.Sequence, row.Bulletin) { IsEdit = row.Updated > row.FirstSeen })
            .ToList();

    /// <summary>Every bulletin, streamed in id order; for building a replica's search index.</summary>
    public IEnumerable<Bulletin> All()
    {
        string? after = null;
        while (true)
        {
            var page = Query("SELECT " + Columns + " FROM bb_items WHERE id > $1 ORDER BY id LIMIT 1000", after ?? string.Empty);
            foreach (var row in page)
            {
                yield return row.Bulletin;
            }

            if (page.Count < 1000)
            {
                yield break;
            }

            after = page[^1].Bulletin.Id;
        }
    }

    public SourceState? GetSource(string name)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT name, hash, items, at FROM bb_sources WHERE name = $1", connection);
        command.Parameters.AddWithValue(name);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new SourceState(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    /// <summary>The content hash of every source whose name starts with <paramref name="prefix"/>, by name.</summary>
    public IReadOnlyDictionary<string, string> SourceHashes(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT name, hash FROM bb_sources WHERE starts_with(name, $1)", connection);
        command.Parameters.AddWithValue(prefix);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            hashes[reader.GetString(0)] = reader.GetString(1);
        }

        return hashes;
    }

    /// <summary>A random name the database keeps for good; a replica's index records it so that it is never trusted against another database.</summary>
    public string Identity()
    {
        using var connection = dataSource.OpenConnection();
        using (var take = new NpgsqlCommand("INSERT INTO bb_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", connection))
        {
            take.Parameters.AddWithValue(IdentityKey);
            take.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
            take.ExecuteNonQuery();
        }

        // A statement of its own: it sees the name whichever replica's insert won.
        using var read = new NpgsqlCommand("SELECT value FROM bb_meta WHERE key = $1", connection);
        read.Parameters.AddWithValue(IdentityKey);
        return (string)read.ExecuteScalar()!;
    }

    public StoreStatistics Statistics()
    {
        using var connection = dataSource.OpenConnection();
        using var totals = new NpgsqlCommand("SELECT count(*), count(*) FILTER (WHERE day IS NULL), min(day), max(day) FROM bb_items", connection);
        int total, undated;
        DateOnly? oldest, newest;
        using (var reader = totals.ExecuteReader())
        {
            reader.Read();
            total = (int)reader.GetInt64(0);
            undated = (int)reader.GetInt64(1);
            oldest = reader.IsDBNull(2) ? null : DateOnly.FromDayNumber(reader.GetInt32(2));
            newest = reader.IsDBNull(3) ? null : DateOnly.FromDayNumber(reader.GetInt32(3));
        }

        var sources = new List<SourceCount>();
        using var bySource = new NpgsqlCommand("SELECT source, count(*) FROM bb_items GROUP BY source", connection);
        using (var reader = bySource.ExecuteReader())
        {
            while (reader.Read())
            {
                sources.Add(new SourceCount(reader.GetString(0), (int)reader.GetInt64(1)));
            }
        }

        return new StoreStatistics(
            total,
            undated,
            oldest,
            newest,
            sources.OrderByDescending(s => s.Count).ThenBy(s => s.Source, StringComparer.Ordinal).ToList());
    }

    private sealed record Row(Bulletin Bulletin, long Sequence, DateTimeOffset FirstSeen, DateTimeOffset Updated);

    private List<Row> Query(string sql, params object[] parameters)
    {
        using var connection = dataSource.OpenConnection();
        return Read(connection, null, sql, parameters);
    }

    private static List<Row> Read(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            if (parameter is NpgsqlParameter typed)
            {
                command.Parameters.Add(typed);
            }
            else
            {
                command.Parameters.AddWithValue(parameter);
            }
        }

        var rows = new List<Row>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var bulletin = new Bulletin(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : DateOnly.FromDayNumber(reader.GetInt32(4)),
                reader.IsDBNull(5) ? null : DateOnly.FromDayNumber(reader.GetInt32(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(10) ? null : reader.GetString(10));
            rows.Add(new Row(bulletin, reader.GetInt64(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return rows;
    }

    private T Scalar<T>(string sql, params object[] parameters)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            if (parameter is NpgsqlParameter typed)
            {
                command.Parameters.Add(typed);
            }
            else
            {
                command.Parameters.AddWithValue(parameter);
            }
        }

        return (T)command.ExecuteScalar()!;
    }
}
