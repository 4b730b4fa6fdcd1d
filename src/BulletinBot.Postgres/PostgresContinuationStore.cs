using BulletinBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace BulletinBot.Postgres;

/// <summary>
/// Each chat's listing pages in PostgreSQL, with the same rules as the embedded store's: a page remembers where it
/// starts (a sort key, or the items shown before it), never an offset; pages expire after a day; expired rows are
/// deleted at most once per sweep interval. Shared by every replica, so a listing pages on whichever one is asked.
/// </summary>
public sealed class PostgresContinuationStore(NpgsqlDataSource dataSource, TimeProvider time) : IContinuationStore
{
    private long _lastSweepTicks = long.MinValue;

    public ListingPage Start(string chatKey, string kind, string argument, int pageSize) => Save(chatKey, ListingPage.Begin(kind, argument, pageSize));

    public ListingPage Continue(string chatKey, ListingPage page, string? after, IReadOnlyList<string> shown)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Save(chatKey, page.Next(after, shown));
    }

    public void SetCurrent(string chatKey, ListingPage page, ListingPage? next)
    {
        ArgumentNullException.ThrowIfNull(page);
        var now = time.GetUtcNow();
        using var command = dataSource.CreateCommand(
            "INSERT INTO bb_current_pages (chat, page, next, expires) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (chat) DO UPDATE SET page = excluded.page, next = excluded.next, expires = excluded.expires");
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.AddWithValue(page.Token);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)next?.Token ?? DBNull.Value });
        command.Parameters.AddWithValue(now + ContinuationStore.Lifetime);
        command.ExecuteNonQuery();
        SweepExpired(now);
    }

    public ListingPage? Find(string chatKey, string token)
    {
        using var command = dataSource.CreateCommand(
            "SELECT kind, argument, size, first, after, shown, previous FROM bb_continuations WHERE token = $1 AND chat = $2 AND expires >= $3");
        command.Parameters.AddWithValue(token);
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.AddWithValue(time.GetUtcNow());
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new ListingPage(
            token,
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetFieldValue<string[]>(5),
            reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    public string? Current(string chatKey, bool next)
    {
        using var command = dataSource.CreateCommand($"SELECT {(next ? "next" : "page")} FROM bb_current_pages WHERE chat = $1 AND expires >= $2");
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.AddWithValue(time.GetUtcNow());
        return command.ExecuteScalar() as string;
    }

    private void SweepExpired(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (last != long.MinValue && now.UtcTicks - last < ContinuationStore.SweepInterval.Ticks)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) == last)
        {
            using var batch = dataSource.CreateBatch();
            foreach (var table in new[] { "bb_continuations", "bb_current_pages" })
            {
                var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE expires < $1");
                command.Parameters.AddWithValue(now);
                batch.BatchCommands.Add(command);
            }

            batch.ExecuteNonQuery();
        }
    }

    private ListingPage Save(string chatKey, ListingPage page)
    {
        using var command = dataSource.CreateCommand(
            "INSERT INTO bb_continuations (token, chat, kind, argument, size, first, after, shown, previous, expires) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
        command.Parameters.AddWithValue(page.Token);
        command.Parameters.AddWithValue(chatKey);
        command.Parameters.AddWithValue(page.Kind);
        command.Parameters.AddWithValue(page.Argument);
        command.Parameters.AddWithValue(page.PageSize);
        command.Parameters.AddWithValue(page.First);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)page.After ?? DBNull.Value });
        command.Parameters.AddWithValue(page.Shown.ToArray());
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)page.Previous ?? DBNull.Value });
        command.Parameters.AddWithValue(time.GetUtcNow() + ContinuationStore.Lifetime);
        command.ExecuteNonQuery();
        return page;
    }
}
