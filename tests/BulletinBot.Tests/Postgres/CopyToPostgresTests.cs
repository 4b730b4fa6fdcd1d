using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using BulletinBot.TestServers;
using Npgsql;

namespace BulletinBot.Tests.Postgres;

/// <summary>
/// copy-to-postgres through the real host: a LiteDB store with items, a subscription, pending outbox rows, a platform
/// offset with an unanswered update and a chat's language is copied into an empty database, and a replica on it
/// answers as the store did and numbers new changes above the copied ones.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CopyToPostgresTests : IDisposable
{
    private readonly HostFixture _host = new();
    private readonly string _database = PostgresServer.Shared.CreateDatabase();

    public void Dispose() => _host.Dispose();

    private Dictionary<string, string?> Lite() => new()
    {
        ["Storage__Path"] = _host.StorePath,
        ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
    };

    private Dictionary<string, string?> Postgres(string database, string? seeds = null) => new()
    {
        ["Storage__Provider"] = "Postgres",
        ["ConnectionStrings__Bulletins"] = database,
        ["Storage__IndexPath"] = Path.Combine(_host.Folder, "replica", "search.index"),
        ["Ingestion__SeedsPath"] = seeds ?? HostFixture.SeedsFolder,
    };

    /// <summary>The copy's settings: the store file to read and the database to write.</summary>
    private Dictionary<string, string?> Copy(string database) => new(Lite()) { ["ConnectionStrings__Bulletins"] = database };

    private Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?> environment, params string[] args) =>
        HostProcess.RunAsync(_host.Folder, environment, args);

    private static long Scalar(string database, string sql)
    {
        using var source = NpgsqlDataSource.Create(database);
        using var command = source.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Text(string database, string sql)
    {
        using var source = NpgsqlDataSource.Create(database);
        using var command = source.CreateCommand(sql);
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>
    /// The seeds ingested into the store, then a Spanish subscription with three items of backfill, one of them
    /// delivered, an offset, a chat's language and a web validator.
    /// </summary>
    private async Task<long> FillStoreAsync()
    {
        var (code, _, error) = await RunAsync(Lite(), "ingest");
        Assert.True(code == 0, error);

        using var database = BulletinDatabase.Open(_host.StorePath);
        var store = new BulletinStore(database, TimeProvider.System);
        var checkpoints = new CheckpointStore(database);
        var targets = new TargetStore(database, checkpoints);
        var outbox = new Outbox(database, checkpoints, targets, new ChangeFeed(database, store, checkpoints));
        var now = DateTimeOffset.UtcNow;
        var backfill = store.Latest(null, 3).Select(b => b.Id).Reverse().ToList();
        var subscription = outbox.Subscribe(new DeliveryTarget(Platforms.Telegram, "42"), "", backfill, now, language: "es");
        outbox.MarkStarted();
        outbox.MarkDelivered([outbox.Head(subscription.Key, 1)[0]], "m-1", now);
        checkpoints.Set("changes:announcements", store.LastSequence());
        new LitePlatformOffsets(database, checkpoints).Accept(Platforms.Telegram, [new PlatformUpdate(7, "42", "{\"update_id\":7}")], 8);
        new ChatPreferenceStore(database).SetLanguage("telegram:42", "es");
        new SourceValidators(database).Save("https://example.org/news", new HttpValidators("\"v1\"", null));
        return store.LastSequence();
    }

    [Fact]
    public async Task A_store_is_copied_whole_a_replica_answers_the_same_and_a_second_run_writes_nothing()
    {
        var sequence = await FillStoreAsync();

        var (code, output, error) = await RunAsync(Copy(_database), "copy-to-postgres");

        Assert.True(code == 0, error);
        Assert.Contains("Copied 8 items", output, StringComparison.Ordinal);
        Assert.Contains("3 outbox rows (2 pending)", output, StringComparison.Ordinal);
        Assert.Equal(8, Scalar(_database, "SELECT count(*) FROM bb_items"));
        Assert.Equal(sequence, Scalar(_database, "SELECT value FROM bb_sequence"));
        Assert.Equal(sequence, Scalar(_database, "SELECT max(seq) FROM bb_items"));
        Assert.Equal("2,3", Text(_database, "SELECT string_agg(number::text, ',' ORDER BY number) FROM bb_outbox WHERE pending"));
        Assert.Equal(1, Scalar(_database, "SELECT delivered FROM bb_targets WHERE key = 'sub:1' AND number = 1 AND chat = '42'"));
        Assert.Equal(3, Scalar(_database, "SELECT value FROM bb_checkpoints WHERE name = 'outbox:last-row'"));
        Assert.Equal(1, Scalar(_database, "SELECT value FROM bb_checkpoints WHERE name = 'subscriptions:last'"));
        Assert.Equal(sequence, Scalar(_database, "SELECT value FROM bb_checkpoints WHERE name = 'changes:announcements'"));
        Assert.Equal(8, Scalar(_database, "SELECT value FROM bb_checkpoints WHERE name = 'telegram.offset'"));
        Assert.Equal(7, Scalar(_database, "SELECT id FROM bb_platform_inbox WHERE stream = 'telegram'"));
        Assert.Equal("es", Text(_database, "SELECT language FROM bb_chat_preferences WHERE chat = 'telegram:42'"));
        Assert.Equal("es", Text(_database, "SELECT language FROM bb_targets WHERE key = 'sub:1'"));
        Assert.Equal("\"v1\"", Text(_database, "SELECT etag FROM bb_source_validators WHERE url = 'https://example.org/news'"));
        Assert.Equal(8, Scalar(_database, "SELECT count(*) FROM bb_items WHERE origin = 'seeds'"));

        // A replica on the database answers as the store does.
        foreach (var command in new[] { "latest", "latest source:seeds", "search migration talks", "date 2018-01" })
        {
            var onLite = await RunAsync(Lite(), "ask", command);
            var onPostgres = await RunAsync(Postgres(_database), "ask", command);
            Assert.True(onLite.ExitCode == 0 && onPostgres.ExitCode == 0, onLite.Error + onPostgres.Error);
            Assert.Contains("Showing 1-", onLite.Output, StringComparison.Ordinal);
            Assert.Equal(onLite.Output, onPostgres.Output);
        }

        // The change sequence goes on above the copied numbers.
        var seeds = Directory.CreateDirectory(Path.Combine(_host.Folder, "new-seeds")).FullName;
        File.WriteAllText(Path.Combine(seeds, "new.txt"), NewsPages.Page(NewsPages.Items(1, 2)));
        (code, _, error) = await RunAsync(Postgres(_database, seeds), "ingest");
        Assert.True(code == 0, error);
        Assert.Equal(2, Scalar(_database, $"SELECT count(*) FROM bb_items WHERE seq > {sequence}"));
        Assert.Equal(sequence + 2, Scalar(_database, "SELECT value FROM bb_sequence"));

        // Run again on the same store: nothing is written, and it says so.
        (code, output, error) = await RunAsync(Copy(_database), "copy-to-postgres");
        Assert.True(code == 0, error);
        Assert.StartsWith("Already copied", output, StringComparison.Ordinal);
        Assert.Equal(10, Scalar(_database, "SELECT count(*) FROM bb_items"));
    }

    [Fact]
    public async Task A_database_that_holds_other_data_is_refused_unless_replace()
    {
        await FillStoreAsync();
        var other = PostgresServer.Shared.CreateDatabase();
        var seeds = Directory.CreateDirectory(Path.Combine(_host.Folder, "other-seeds")).FullName;
        File.WriteAllText(Path.Combine(seeds, "other.txt"), NewsPages.Page(NewsPages.Items(5, 3)));
        Assert.Equal(0, (await RunAsync(Postgres(other, seeds), "ingest")).ExitCode);

        var (code, output, error) = await RunAsync(Copy(other), "copy-to-postgres");

        Assert.Equal(3, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is not empty (3 items", line, StringComparison.Ordinal);
        Assert.Contains("--replace", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal(3, Scalar(other, "SELECT count(*) FROM bb_items"));

        (code, output, error) = await RunAsync(Copy(other), "copy-to-postgres", "--replace");

        Assert.True(code == 0, error);
        Assert.Contains("Copied 8 items", output, StringComparison.Ordinal);
        Assert.Equal(8, Scalar(other, "SELECT count(*) FROM bb_items"));
        Assert.Equal(0, Scalar(other, "SELECT count(*) FROM bb_items WHERE title LIKE 'Notice %'"));
    }

    [Fact]
    public async Task A_store_a_running_chat_owns_is_refused_and_nothing_is_copied()
    {
        await FillStoreAsync();
        using (var chat = HostProcess.Start(_host.Folder, Lite(), redirectInput: true))
        {
            await chat.WaitForAsync("Type help", TimeSpan.FromSeconds(60));

            var (code, _, error) = await RunAsync(Copy(_database), "copy-to-postgres");

            Assert.Equal(3, code);
            Assert.Contains("is in use by process", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }

        Assert.Equal(0, Scalar(_database, "SELECT count(*) FROM bb_items"));
    }

    [Fact]
    public async Task No_store_at_the_path_is_one_line_and_no_store_is_made()
    {
        var (code, _, error) = await RunAsync(Copy(_database), "copy-to-postgres");

        Assert.Equal(3, code);
        Assert.Contains("There is no store at", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(File.Exists(_host.StorePath));
    }
}
