using System.Text;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Core.Bulletins;
using Microsoft.Data.Sqlite;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// SQLite FTS5 in a temporary file: one FTS5 table over title and body (unicode61 tokenizer,
/// diacritics removed), a plain table for ids and dates, ordered by <c>bm25()</c>. The total is a
/// second statement over the same match; for a phrase query it stops at the phrase budget (a lower
/// bound past it), as our index's count does.
/// </summary>
internal sealed class Fts5Engine(string file) : ISearchEngine
{
    private SqliteConnection? _connection;
    private SqliteCommand? _plain;
    private SqliteCommand? _dated;
    private SqliteCommand? _count;
    private SqliteCommand? _countDated;

    public IReadOnlyList<string> Variants { get; } = ["bm25"];

    public long DiskBytes => new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    public void Build(IEnumerable<Bulletin> corpus)
    {
        File.Delete(file);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');");
        Execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, date INTEGER);");
        using (var transaction = _connection.BeginTransaction())
        {
            using var insertText = _connection.CreateCommand();
            insertText.CommandText = "INSERT INTO docs(rowid, text) VALUES ($rowid, $text)";
            var textRow = insertText.Parameters.Add("$rowid", SqliteType.Integer);
            var text = insertText.Parameters.Add("$text", SqliteType.Text);
            using var insertMeta = _connection.CreateCommand();
            insertMeta.CommandText = "INSERT INTO meta(rowid, id, date) VALUES ($rowid, $id, $date)";
            var metaRow = insertMeta.Parameters.Add("$rowid", SqliteType.Integer);
            var id = insertMeta.Parameters.Add("$id", SqliteType.Text);
            var date = insertMeta.Parameters.Add("$date", SqliteType.Integer);
            long rowid = 0;
            foreach (var bulletin in corpus)
            {
                rowid++;
                textRow.Value = rowid;
                text.Value = bulletin.Title + "\n" + bulletin.Body;
                insertText.ExecuteNonQuery();
                metaRow.Value = rowid;
                id.Value = bulletin.Id;
                date.Value = bulletin.Date is null ? DBNull.Value : FloorEngine.DateKey(bulletin.Date);
                insertMeta.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        Execute("INSERT INTO docs(docs) VALUES ('optimize');");
        Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        _plain = Prepare("SELECT m.id, bm25(docs) FROM docs JOIN meta m ON m.rowid = docs.rowid WHERE docs MATCH $match ORDER BY bm25(docs) LIMIT $take");
        _dated = Prepare("SELECT m.id, bm25(docs) FROM docs JOIN meta m ON m.rowid = docs.rowid WHERE docs MATCH $match AND m.date >= $from AND m.date <= $to ORDER BY bm25(docs) LIMIT $take");
        _count = Prepare("SELECT count(*) FROM (SELECT 1 FROM docs WHERE docs MATCH $match LIMIT $take)");
        _countDated = Prepare("SELECT count(*) FROM (SELECT 1 FROM docs JOIN meta m ON m.rowid = docs.rowid WHERE docs MATCH $match AND m.date >= $from AND m.date <= $to LIMIT $take)");
    }

    public EngineHits Search(BenchQuery query, string variant, int take)
    {
        var command = (query.HasDateFilter ? _dated : _plain) ?? throw new InvalidOperationException("Build first.");
        command.Parameters["$match"].Value = MatchExpression(query);
        command.Parameters["$take"].Value = take;
        if (query.HasDateFilter)
        {
            command.Parameters["$from"].Value = FloorEngine.DateKey(query.From ?? DateOnly.MinValue);
            command.Parameters["$to"].Value = FloorEngine.DateKey(query.To ?? DateOnly.MaxValue);
        }

        var ids = new List<string>(take);
        var scores = new List<double>(take);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
                scores.Add(-reader.GetDouble(1));
            }
        }

        // The count: every match, or for a phrase query at most the budget and one more (a lower bound then).
        var count = (query.HasDateFilter ? _countDated : _count)!;
        var limit = query.Phrase is { Length: > 1 } ? PhraseBudget.Checks + 1 : -1;
        foreach (SqliteParameter parameter in command.Parameters)
        {
            count.Parameters[parameter.ParameterName].Value = parameter.Value;
        }

        count.Parameters["$take"].Value = limit;
        var total = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return new EngineHits(ids, total, scores) { TotalIsLowerBound = limit > 0 && total == limit };
    }

    public void Dispose()
    {
        _plain?.Dispose();
        _dated?.Dispose();
        _count?.Dispose();
        _countDated?.Dispose();
        _connection?.Dispose();
    }

    /// <summary>Each word and the phrase as FTS5 strings, ANDed: <c>"w1" AND "w2" AND "p1 p2"</c>.</summary>
    internal static string MatchExpression(BenchQuery query)
    {
        var parts = query.Terms.Select(Quote).ToList();
        if (query.Phrase is not null)
        {
            parts.Add(Quote(string.Join(' ', query.Phrase)));
        }

        return string.Join(" AND ", parts);
    }

    private static string Quote(string text) =>
        new StringBuilder(text.Length + 2).Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$match", SqliteType.Text);
        command.Parameters.Add("$take", SqliteType.Integer);
        if (sql.Contains("$from", StringComparison.Ordinal))
        {
            command.Parameters.Add("$from", SqliteType.Integer);
            command.Parameters.Add("$to", SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
