using System.Diagnostics;
using System.Globalization;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Runner;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Export;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Postgres;
using BulletinBot.TestServers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulletinBot.Benchmarks.Replicas;

/// <summary>
/// One process against a replica: the same pages ingested into a LiteDB store file and into PostgreSQL through each
/// store's own upsert path (items/s), the LiteDB store copied into a second database as <c>copy-to-postgres</c> does,
/// and the benchmark's query set searched on both (p50/p99). A replica's index is on its own disk as the single
/// process's is; what differs is the store behind it. The replica knows the newest change number from its change
/// notifications (as its host wires it), so a search asks the database only when there is something to catch up. <c>replicas [--items 10000] [--page 20] [--passes 5] [--connection "Host=..."]</c>: on the
/// server of the connection string it creates its two databases; without one it starts a throwaway cluster as the
/// tests do (or uses <c>BULLETINBOT_TEST_POSTGRES</c>), which runs without fsync.
/// </summary>
internal static class ReplicaBench
{
    public static int Run(string[] args)
    {
        var items = 10_000;
        var pageSize = 20;
        var passes = 5;
        string? connection = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--items": items = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--page": pageSize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--passes": passes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--connection": connection = args[++i]; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Usage: replicas [--items 10000] [--page 20] [--passes 5] [--connection \"Host=...\"]");
            }
        }

        var work = Directory.CreateTempSubdirectory("bb-replicas-").FullName;
        try
        {
            Measure(items, pageSize, passes, connection, work);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Measure(int items, int pageSize, int passes, string? connection, string work)
    {
        var seeds = SeedPages.Read(RepoPaths.Seeds);
        var corpus = new CorpusGenerator(RepoPaths.Seeds).Generate(items - seeds.Count).ToList();
        var pages = corpus.Chunk(pageSize)
            .Select((page, n) => new PageWrite(page, new SourceState($"bench/page-{n:D6}", $"hash-{n}", page.Length, DateTimeOffset.UtcNow)))
            .ToList();
        var loadBefore = MachineInfo.LoadAverage();
        Console.WriteLine($"{corpus.Count:N0} items in {pages.Count:N0} pages of {pageSize}, one transaction per page; load average {loadBefore:F1} at start");

        using var lite = BulletinDatabase.Open(Path.Combine(work, "bulletins.db"));
        var liteStore = new BulletinStore(lite, TimeProvider.System);
        var liteSeconds = Ingest(pages, page => liteStore.UpsertPages([page]));

        using var dataSource = Migrated(Database(connection, "ingest"));
        var postgresStore = new PostgresBulletinStore(dataSource, TimeProvider.System);
        var postgresSeconds = Ingest(pages, page => postgresStore.UpsertPages([page]));
        Check(liteStore.Count() == postgresStore.Count() && liteStore.LastSequence() == postgresStore.LastSequence(), "the two stores differ after the ingest");

        double copySeconds;
        using (var copyTarget = Migrated(Database(connection, "copy")))
        {
            var copying = Stopwatch.StartNew();
            var copied = PostgresImport.CopyAsync(copyTarget, new StoreExport(lite), replace: false, CancellationToken.None).GetAwaiter().GetResult();
            copySeconds = copying.Elapsed.TotalSeconds;
            Check(copied.Counts.Items == corpus.Count, "the copy lost items");
        }

        Console.WriteLine($"ingest  LiteDB      {corpus.Count / liteSeconds,10:N0} items/s  ({liteSeconds:F1} s)");
        Console.WriteLine($"ingest  PostgreSQL  {corpus.Count / postgresSeconds,10:N0} items/s  ({postgresSeconds:F1} s)");
        Console.WriteLine($"copy-to-postgres    {corpus.Count / copySeconds,10:N0} items/s  ({copySeconds:F1} s, one transaction, binary COPY)");

        var queries = QuerySetBuilder.Build(corpus, corpus.Count, seeds)
            .Where(q => QueryKinds.Measured.Contains(q.Kind))
            .Select(q => SearchQueryParser.Parse(q.Text).Query ?? throw new InvalidOperationException($"Not a query: {q.Text}"))
            .ToList();
        using var single = new BulletinSearch(liteStore, NullLogger<BulletinSearch>.Instance);

        // Wired as a replica's host wires it: the newest change is known from notifications and a poll, not asked per search.
        var head = new PostgresChangeHead();
        var wakeups = new PostgresWakeups(dataSource, TimeProvider.System, NullLogger<PostgresWakeups>.Instance, head);
        using var stopFollowing = new CancellationTokenSource();
        var following = Task.WhenAll(
            wakeups.RunAsync(stopFollowing.Token),
            head.FollowAsync(postgresStore.LastSequence, wakeups, PostgresChangeHead.Poll, stopFollowing.Token));
        SpinWait.SpinUntil(() => head.Known == postgresStore.LastSequence() || following.IsCompleted, TimeSpan.FromSeconds(30));
        Check(head.Known == postgresStore.LastSequence(), "the replica never learnt the newest change");
        using var replica = new BulletinSearch(postgresStore, NullLogger<BulletinSearch>.Instance, new SearchIndexFolder(Path.Combine(work, "replica.index")), head);

        // Each index is built (into its folder) and warmed before anything is timed; then the two take turns, pass by pass.
        foreach (var search in new[] { single, replica })
        {
            foreach (var query in queries)
            {
                _ = search.Search(query, 0, 10);
            }
        }

        var singleTimes = new List<double>();
        var replicaTimes = new List<double>();
        for (var pass = 0; pass < passes; pass++)
        {
            foreach (var (search, times) in pass % 2 == 0 ? new[] { (single, singleTimes), (replica, replicaTimes) } : [(replica, replicaTimes), (single, singleTimes)])
            {
                foreach (var query in queries)
                {
                    var started = Stopwatch.GetTimestamp();
                    var page = search.Search(query, 0, 10);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Check(page.Bulletins.Count == page.Results.Hits.Count, "a hit without its bulletin");
                }
            }
        }

        Console.WriteLine($"search  single LiteDB process   p50 {Percentile(singleTimes, 0.50):F2} ms  p99 {Percentile(singleTimes, 0.99):F2} ms  ({singleTimes.Count:N0} searches)");
        Console.WriteLine($"search  replica on PostgreSQL   p50 {Percentile(replicaTimes, 0.50):F2} ms  p99 {Percentile(replicaTimes, 0.99):F2} ms  ({replicaTimes.Count:N0} searches)");
        Console.WriteLine($"load average {loadBefore:F1} at start, {MachineInfo.LoadAverage():F1} at the end");
        stopFollowing.Cancel();
        try
        {
            following.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }
    }

    /// <summary>
    /// A new database: on the throwaway cluster, or on the server <paramref name="connection"/> names (a user who may
    /// create databases), as bb_bench_{purpose}_{n}, left there for a look afterwards.
    /// </summary>
    private static string Database(string? connection, string purpose)
    {
        if (connection is null)
        {
            return PostgresServer.Shared.CreateDatabase();
        }

        var name = $"bb_bench_{purpose}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        using (var admin = NpgsqlDataSource.Create(connection))
        using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            create.ExecuteNonQuery();
        }

        Console.WriteLine($"created the database {name} (drop it when done)");
        return new NpgsqlConnectionStringBuilder(connection) { Database = name }.ConnectionString;
    }

    private static NpgsqlDataSource Migrated(string connection)
    {
        var dataSource = NpgsqlDataSource.Create(connection);
        SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None).GetAwaiter().GetResult();
        return dataSource;
    }

    private static double Ingest(IReadOnlyList<PageWrite> pages, Action<PageWrite> write)
    {
        var watch = Stopwatch.StartNew();
        foreach (var page in pages)
        {
            write(page);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> times, double share)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
    }

    private static void Check(bool holds, string what)
    {
        if (!holds)
        {
            throw new InvalidOperationException(what);
        }
    }
}
