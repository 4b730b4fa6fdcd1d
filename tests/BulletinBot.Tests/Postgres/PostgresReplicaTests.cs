using BulletinBot.TestServers;
using Npgsql;

namespace BulletinBot.Tests.Postgres;

/// <summary>
/// The real host on a real PostgreSQL: ingest stores the seeds in the database, and two processes (two replicas, each
/// with its own index folder) answer from it. Configured only through the environment, as a container is.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PostgresReplicaTests : IDisposable
{
    private readonly HostFixture _host = new();
    private readonly string _database = PostgresServer.Shared.CreateDatabase();

    public void Dispose() => _host.Dispose();

    private Dictionary<string, string?> Environment(string replica) => new()
    {
        ["Storage__Provider"] = "Postgres",
        ["ConnectionStrings__Bulletins"] = _database,
        ["Storage__IndexPath"] = Path.Combine(_host.Folder, replica, "search.index"),
        ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
    };

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string replica, params string[] args) =>
        HostProcess.RunAsync(_host.Folder, Environment(replica), args);

    private long Scalar(string sql)
    {
        using var source = NpgsqlDataSource.Create(_database);
        using var command = source.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Ingest_stores_the_seeds_in_the_database_once()
    {
        var (code, _, error) = await RunAsync("a", "ingest");
        Assert.True(code == 0, error);
        Assert.Equal(8, Scalar("SELECT count(*) FROM bb_items"));
        var sequence = Scalar("SELECT value FROM bb_sequence");

        (code, _, error) = await RunAsync("a", "ingest");

        Assert.True(code == 0, error);
        Assert.Equal(8, Scalar("SELECT count(*) FROM bb_items"));
        Assert.Equal(sequence, Scalar("SELECT value FROM bb_sequence"));
        Assert.False(File.Exists(Path.Combine(_host.Folder, "data", "bulletins.db")), "no LiteDB store is made beside it");
    }

    [Fact]
    public async Task Two_replicas_each_with_its_own_index_answer_from_the_one_database()
    {
        Assert.Equal(0, (await RunAsync("a", "ingest")).ExitCode);

        var (code, output, error) = await RunAsync("a", "ask", "search migration");
        Assert.True(code == 0, error);
        Assert.Contains("*Migration* talks between Cuba and the United States held in Washington D.C.", output, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("b", "ask", "latest");
        Assert.True(code == 0, error);
        var firstItem = output.Split('\n').First(line => line.Contains("2018-", StringComparison.Ordinal));
        Assert.Contains("2018-08-09  Cuba hands over a US citizen claimed by Interpol", firstItem, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("b", "ask", "search migration");
        Assert.True(code == 0, error);
        Assert.Contains("*Migration* talks", output, StringComparison.Ordinal);

        // Each replica built its own index on its own disk, from the database.
        Assert.True(File.Exists(Path.Combine(_host.Folder, "a", "search.index", "manifest")));
        Assert.True(File.Exists(Path.Combine(_host.Folder, "b", "search.index", "manifest")));
    }

    [Fact]
    public async Task Stats_date_show_and_paging_answer_from_the_database()
    {
        Assert.Equal(0, (await RunAsync("a", "ingest")).ExitCode);

        var (code, output, error) = await RunAsync("a", "ask", "stats");
        Assert.True(code == 0, error);
        Assert.Contains("8", output, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("a", "ask", "date 2018-01");
        Assert.True(code == 0, error);
        Assert.Contains("Showing 1-3 of 3.", output, StringComparison.Ordinal);

        var shortId = output.Split('\n').Select(l => l.Split(' ')[0]).First(w => w.Length == 7);
        (code, output, error) = await RunAsync("b", "ask", $"show {shortId}");
        Assert.True(code == 0, error);
        Assert.Contains($"id {shortId}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_of_another_database_is_not_trusted()
    {
        Assert.Equal(0, (await RunAsync("a", "ingest")).ExitCode);
        Assert.Equal(0, (await RunAsync("a", "ask", "search migration")).ExitCode);

        // The same index folder, now over another (empty) database: its index is rebuilt, and finds nothing.
        var other = Environment("a");
        other["ConnectionStrings__Bulletins"] = PostgresServer.Shared.CreateDatabase();
        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, other, "ask", "search migration");

        Assert.True(code == 0, error);
        Assert.DoesNotContain("Migration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_terminal_chat_ingests_answers_and_pages_on_Postgres_and_another_replica_pages_on()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Bulletins"] = _database,
            ["Storage:IndexPath"] = Path.Combine(_host.Folder, "chat-a", "search.index"),
            ["Ingestion:SeedsPath"] = HostFixture.SeedsFolder,
        };

        var (code, output, error) = await HostFixture.RunAsync(settings, "search migration\nstats\nlatest 3\nnext\nquit\n");

        Assert.True(code == 0, error);
        Assert.Contains("8 new item(s)", output, StringComparison.Ordinal);
        Assert.Contains("Showing 1-3. Type next for more.", output, StringComparison.Ordinal);
        Assert.Contains("Showing 4-6. Type next for more, previous to go back.", output, StringComparison.Ordinal);
        Assert.Contains("*Migration* talks", output, StringComparison.Ordinal);
        Assert.Contains("8 items from 1 source.", output, StringComparison.Ordinal);
        Assert.Equal(8, Scalar("SELECT count(*) FROM bb_items"));

        // Another replica (its own index) continues the same chat's listing where the first left it: the pages are in the database.
        settings["Storage:IndexPath"] = Path.Combine(_host.Folder, "chat-b", "search.index");
        (code, output, error) = await HostFixture.RunAsync(settings, "next\nquit\n");

        Assert.True(code == 0, error);
        Assert.Contains("0 new item(s)", output, StringComparison.Ordinal);
        Assert.Contains("Latest, continued", output, StringComparison.Ordinal);
        Assert.Contains("Showing 7-8 of 8.", output, StringComparison.Ordinal);
    }
}
