using System.Globalization;
using BulletinBot.Core.Export;
using BulletinBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace BulletinBot.Postgres;

/// <summary>What <see cref="PostgresImport.CopyAsync"/> did.</summary>
public enum ImportOutcome
{
    /// <summary>The store was copied; the counts say what.</summary>
    Copied,

    /// <summary>The database already holds a copy of this very store, as it is now; nothing was written.</summary>
    AlreadyCopied,

    /// <summary>The database holds other data (or an older copy of this store); nothing was written.</summary>
    NotEmpty,
}

/// <summary>What a copy brought over, or what the database held when it refused.</summary>
public sealed record ImportCounts(long Items, long Sequence, int Targets, long OutboxRows, long Pending, int Checkpoints, int Unanswered, int Languages, int Sources,
    int Validators, int Claims);

/// <summary>The outcome, its counts, and for <see cref="ImportOutcome.NotEmpty"/> whether it is an older copy of the same store.</summary>
public sealed record ImportResult(ImportOutcome Outcome, ImportCounts Counts, bool OlderCopyOfThisStore = false);

/// <summary>
/// Copies a LiteDB store (<see cref="StoreExport"/>) into a database of this schema, whole, in one transaction: a
/// failure anywhere leaves the database as it was. Items keep their change numbers and the change sequence goes on
/// above the store's newest, so a replica's index and the outbox feeder continue where the store's left off; outbox
/// rows keep their numbers (pending ones go out once, in their order) and every checkpoint comes along (the outbox's
/// and subscriptions' counters, the feeder's position, the platforms' offsets), as do the items' sources, the
/// subscriptions' languages, the web sources' validators and the platforms' claimed updates. The database records the store's
/// name and change number: run again on the same store it writes nothing and says so. A database that holds anything
/// else is refused unless <c>replace</c>, which empties this schema's tables in the same transaction first.
/// </summary>
public static class PostgresImport
{
    /// <summary>The bb_meta key of the copy's origin: "{store identity} {change number}".</summary>
    internal const string CopiedFromKey = "copied-from";

    /// <summary>The tables a copy writes from the store (bb_sequence is set to the store's newest change number besides).</summary>
    internal static readonly string[] Copied =
    [
        "bb_items", "bb_sources", "bb_checkpoints", "bb_targets", "bb_outbox", "bb_platform_inbox", "bb_chat_preferences",
        "bb_source_validators", "bb_platform_claims", "bb_meta",
    ];

    /// <summary>
    /// The tables deliberately not copied: listing pages (they expire within a day) and the replicas' pace marks (they
    /// matter for seconds). <c>replace</c> empties them too.
    /// </summary>
    internal static readonly string[] Skipped = ["bb_continuations", "bb_current_pages", "bb_pace_marks"];

    private static readonly string[] Tables = [.. Copied, .. Skipped];

    public static async Task<ImportResult> CopyAsync(NpgsqlDataSource dataSource, StoreExport source, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(source);
        var origin = string.Create(CultureInfo.InvariantCulture, $"{source.Identity()} {source.LastSequence()}");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Writers wait until this commits (an ingest takes the sequence's row, the outbox its counters); readers do not.
        await ExecuteAsync(connection, "SELECT value FROM bb_sequence WHERE id = 1 FOR UPDATE", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"LOCK TABLE {string.Join(", ", Tables)} IN SHARE ROW EXCLUSIVE MODE", cancellationToken).ConfigureAwait(false);

        var held = await CountAsync(connection, cancellationToken).ConfigureAwait(false);
        var copiedFrom = await ScalarAsync(connection, $"SELECT value FROM bb_meta WHERE key = '{CopiedFromKey}'", cancellationToken).ConfigureAwait(false) as string;
        if (copiedFrom == origin)
        {
            return new ImportResult(ImportOutcome.AlreadyCopied, held);
        }

        if (!IsEmpty(held))
        {
            if (!replace)
            {
                var older = copiedFrom is not null && copiedFrom.StartsWith(origin.Split(' ')[0] + " ", StringComparison.Ordinal);
                return new ImportResult(ImportOutcome.NotEmpty, held, older);
            }

            // The database's identity goes too: each replica's index was built from what is deleted here, and rebuilds.
            await ExecuteAsync(connection, $"TRUNCATE {string.Join(", ", Tables)}", cancellationToken).ConfigureAwait(false);
        }

        var counts = await WriteAsync(connection, source, cancellationToken).ConfigureAwait(false);
        await using (var mark = new NpgsqlCommand("INSERT INTO bb_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", connection))
        {
            mark.Parameters.AddWithValue(CopiedFromKey);
            mark.Parameters.AddWithValue(origin);
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, $"NOTIFY {PostgresWakeups.Changes}; NOTIFY {PostgresWakeups.Outbox}", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ImportResult(ImportOutcome.Copied, counts);
    }

    private static bool IsEmpty(ImportCounts held) =>
        held is { Items: 0, Sequence: 0, Targets: 0, OutboxRows: 0, Checkpoints: 0, Unanswered: 0, Languages: 0, Sources: 0, Validators: 0, Claims: 0 };

    private static async Task<ImportCounts> WriteAsync(NpgsqlConnection connection, StoreExport source, CancellationToken cancellationToken)
    {
        long items = 0, maxSequence = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY bb_items (id, sort, seq, source, title, paragraphs, day, end_day, link, first_seen, updated, origin) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in source.Items())
            {
                var bulletin = item.Bulletin;

                // PostgreSQL tells an edit by its times; an edit within the insert's millisecond is marked one microsecond later.
                var updated = item.Edited && item.Updated <= item.FirstSeen ? item.FirstSeen.AddTicks(10) : item.Updated;
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(bulletin.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(BulletinStore.SortKey(bulletin), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(item.Sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(bulletin.Source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(bulletin.Title, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(bulletin.Paragraphs.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteAsync(copy, bulletin.Date?.DayNumber, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteAsync(copy, bulletin.EndDate?.DayNumber, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteAsync(copy, bulletin.Link, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(item.FirstSeen.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(updated.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await WriteAsync(copy, bulletin.Origin, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                items++;
                maxSequence = Math.Max(maxSequence, item.Sequence);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var sequence = Math.Max(source.LastSequence(), maxSequence);
        await using (var bump = new NpgsqlCommand("UPDATE bb_sequence SET value = $1 WHERE id = 1", connection))
        {
            bump.Parameters.AddWithValue(sequence);
            await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var sources = source.Sources();
        await CopyRowsAsync(connection, "bb_sources (name, hash, items, at)", sources, (s, row) => row
            .Add(s.Name, NpgsqlDbType.Text).Add(s.ContentHash, NpgsqlDbType.Text).Add(s.ItemCount, NpgsqlDbType.Integer).Add(s.IngestedAt.UtcDateTime, NpgsqlDbType.TimestampTz), cancellationToken).ConfigureAwait(false);

        var checkpoints = source.Checkpoints();
        await CopyRowsAsync(connection, "bb_checkpoints (name, value)", checkpoints, (c, row) => row
            .Add(c.Key, NpgsqlDbType.Text).Add(c.Value, NpgsqlDbType.Bigint), cancellationToken).ConfigureAwait(false);

        var targets = source.Targets();
        await CopyRowsAsync(connection, "bb_targets (key, origin, platform, chat, thread, filter, active, disabled, delivered, created, number, language)", targets, (t, row) => row
            .Add(t.Key, NpgsqlDbType.Text).Add(t.Origin.ToString(), NpgsqlDbType.Text).Add(t.Destination.Platform, NpgsqlDbType.Text)
            .Add(t.Destination.ChatId, NpgsqlDbType.Text).Add(t.Destination.ThreadId, NpgsqlDbType.Text).Add(t.Filter, NpgsqlDbType.Text)
            .Add(t.Active, NpgsqlDbType.Boolean).Add(t.DisabledReason, NpgsqlDbType.Text).Add(t.Delivered, NpgsqlDbType.Bigint)
            .Add(t.Created.UtcDateTime, NpgsqlDbType.TimestampTz).Add(SubscriptionNumber(t.Key), NpgsqlDbType.Bigint)
            .Add(t.Language, NpgsqlDbType.Text), cancellationToken).ConfigureAwait(false);

        long outbox = 0, pending = 0;
        await CopyRowsAsync(
            connection,
            "bb_outbox (number, target, item, edit, pending, due, attempts, batch, size, error, sent, message)",
            source.Outbox().Select(r =>
            {
                outbox++;
                pending += r.Pending ? 1 : 0;
                return r;
            }),
            (r, row) => row
                .Add(r.Number, NpgsqlDbType.Bigint).Add(r.TargetKey, NpgsqlDbType.Text).Add(r.BulletinId, NpgsqlDbType.Text).Add(r.Edit, NpgsqlDbType.Boolean)
                .Add(r.Pending, NpgsqlDbType.Boolean).Add(r.Due.UtcDateTime, NpgsqlDbType.TimestampTz).Add(r.Attempts, NpgsqlDbType.Integer)
                .Add(r.Batch, NpgsqlDbType.Text).Add(r.BatchSize, NpgsqlDbType.Integer).Add(r.Error, NpgsqlDbType.Text)
                .Add(r.Sent?.UtcDateTime, NpgsqlDbType.TimestampTz).Add(r.MessageId, NpgsqlDbType.Text),
            cancellationToken).ConfigureAwait(false);

        var unanswered = source.Unanswered();
        await CopyRowsAsync(connection, "bb_platform_inbox (stream, id, lane, payload)", unanswered, (u, row) => row
            .Add(u.Stream, NpgsqlDbType.Text).Add(u.Update.Id, NpgsqlDbType.Bigint).Add(u.Update.Lane, NpgsqlDbType.Text).Add(u.Update.Payload, NpgsqlDbType.Text), cancellationToken).ConfigureAwait(false);

        var languages = source.Languages();
        await CopyRowsAsync(connection, "bb_chat_preferences (chat, language)", languages, (l, row) => row
            .Add(l.Key, NpgsqlDbType.Text).Add(l.Value, NpgsqlDbType.Text), cancellationToken).ConfigureAwait(false);

        var validators = source.Validators();
        await CopyRowsAsync(connection, "bb_source_validators (url, etag, modified)", validators, (v, row) => row
            .Add(v.Url, NpgsqlDbType.Text).Add(v.ETag, NpgsqlDbType.Text).Add(v.LastModified?.UtcDateTime, NpgsqlDbType.TimestampTz), cancellationToken).ConfigureAwait(false);

        var claims = source.Claims();
        await CopyRowsAsync(connection, "bb_platform_claims (stream, id, claimed)", claims, (c, row) => row
            .Add(c.Stream, NpgsqlDbType.Text).Add(c.Id, NpgsqlDbType.Bigint).Add(c.Claimed.UtcDateTime, NpgsqlDbType.TimestampTz), cancellationToken).ConfigureAwait(false);

        return new ImportCounts(
            items, sequence, targets.Count, outbox, pending, checkpoints.Count, unanswered.Count, languages.Count, sources.Count, validators.Count, claims.Count);
    }

    /// <summary>What the database holds now, in the tables a copy writes.</summary>
    private static async Task<ImportCounts> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql =
            "SELECT (SELECT count(*) FROM bb_items), (SELECT value FROM bb_sequence WHERE id = 1), (SELECT count(*) FROM bb_targets), " +
            "(SELECT count(*) FROM bb_outbox), (SELECT count(*) FROM bb_outbox WHERE pending), (SELECT count(*) FROM bb_checkpoints), " +
            "(SELECT count(*) FROM bb_platform_inbox), (SELECT count(*) FROM bb_chat_preferences), (SELECT count(*) FROM bb_sources), " +
            "(SELECT count(*) FROM bb_source_validators), (SELECT count(*) FROM bb_platform_claims)";
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ImportCounts(
            reader.GetInt64(0), reader.GetInt64(1), (int)reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            (int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7), (int)reader.GetInt64(8),
            (int)reader.GetInt64(9), (int)reader.GetInt64(10));
    }

    /// <summary>"sub:12" is subscription 12; a configured target has no number.</summary>
    private static long? SubscriptionNumber(string key) =>
        key.StartsWith("sub:", StringComparison.Ordinal) && long.TryParse(key.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static async Task CopyRowsAsync<T>(
        NpgsqlConnection connection, string table, IEnumerable<T> rows, Action<T, RowWriter> write, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var value in rows)
        {
            await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
            var row = new RowWriter();
            write(value, row);
            foreach (var (field, type) in row.Fields)
            {
                await WriteAsync(copy, field, type, cancellationToken).ConfigureAwait(false);
            }
        }

        await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, object? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

    /// <summary>One row's fields in column order, each with its type (a null is written as one).</summary>
    private sealed class RowWriter
    {
        public List<(object? Value, NpgsqlDbType Type)> Fields { get; } = [];

        public RowWriter Add(object? value, NpgsqlDbType type)
        {
            Fields.Add((value, type));
            return this;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
