using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestPages;
using BulletinBot.TestServers;

namespace BulletinBot.Benchmarks.Replicas;

/// <summary>
/// Replicas of the real host (child processes, the build beside the benchmark) on one fresh PostgreSQL database, all
/// with the Telegram token against one fake Bot API that keeps Telegram's send limits, one seeds folder the leader
/// reads, and the given targets configured. Set up as the replica tests set theirs, but with the shipped
/// <c>Replicas:TakeoverAfter</c>, since how soon a replica takes over is what the benchmark measures.
/// </summary>
internal sealed class ReplicaFleet : IAsyncDisposable
{
    private const string Taken = "Lease leader taken";
    private const string Lost = "Lease leader lost";

    private readonly Dictionary<string, string?> settings;
    private readonly List<HostProcess> replicas = [];
    private readonly string root = Directory.CreateTempSubdirectory("bb-replica-fleet-").FullName;

    private ReplicaFleet(FakeBotApi fake, IReadOnlyList<string> targets)
    {
        Fake = fake;
        Targets = targets;
        Seeds = Directory.CreateDirectory(Path.Combine(root, "seeds")).FullName;
        Database = PostgresServer.Shared.CreateDatabase();
        settings = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Bulletins"] = Database,
            ["Ingestion__SeedsPath"] = Seeds,
            ["Ingestion__FileSettleTime"] = "00:00:00.200",
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram__PollTimeoutSeconds"] = "1",
            ["Telegram__MaxBackoffSeconds"] = "2",
            ["Announcements__PollInterval"] = "00:00:00.200",
            ["Announcements__MaxRetryDelay"] = "00:00:02",
        };
        for (var i = 0; i < targets.Count; i++)
        {
            settings[$"Announcements__Targets__{i}__Platform"] = "Telegram";
            settings[$"Announcements__Targets__{i}__ChatId"] = targets[i];
        }
    }

    public FakeBotApi Fake { get; }

    public IReadOnlyList<string> Targets { get; }

    public string Seeds { get; }

    public string Database { get; }

    public IReadOnlyList<HostProcess> Running => [.. replicas.Where(r => !r.HasExited)];

    /// <summary>When the benchmark first saw a replica lead (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long LeaderSeen { get; private set; }

    public string Output => string.Join("\n", replicas.Select((r, i) => $"--- replica {i}\n{r.Text}"));

    /// <summary>Starts <paramref name="count"/> replicas and waits until each is live and one leads.</summary>
    public static async Task<ReplicaFleet> StartAsync(int count, IReadOnlyList<string> targets)
    {
        var fake = await FakeBotApi.StartAsync();
        fake.EnforceSendLimits = true;
        var fleet = new ReplicaFleet(fake, targets);
        try
        {
            for (var i = 0; i < count; i++)
            {
                await fleet.AddReplicaAsync();
            }

            await fleet.LeaderAsync();
            fleet.LeaderSeen = System.Diagnostics.Stopwatch.GetTimestamp();
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>One more replica, once it is live: polling, or waiting while another holds the one getUpdates lease.</summary>
    public async Task AddReplicaAsync()
    {
        HostProcess replica;
        lock (replicas)
        {
            var environment = new Dictionary<string, string?>(settings)
            {
                ["Storage__IndexPath"] = Path.Combine(root, $"replica-{replicas.Count}", "search.index"),
            };
            replica = HostProcess.Start(Path.GetDirectoryName(HostProcess.Program)!, environment, redirectInput: true);
            replicas.Add(replica);
        }

        await replica.WaitUntilAsync(
            text => text.Contains("Telegram long polling from", StringComparison.Ordinal)
                || text.Contains("Lease telegram:updates is held by another replica", StringComparison.Ordinal),
            TimeSpan.FromSeconds(90),
            "A replica did not go live");
    }

    /// <summary>The running replica that holds the leader lease and announces, once exactly one does (from the replicas' logs).</summary>
    public async Task<HostProcess> LeaderAsync(int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var leading = Running.Where(r => Count(r.Text, Taken) > Count(r.Text, Lost)).ToList();
            if (leading.Count > 1)
            {
                throw new InvalidOperationException($"{leading.Count} replicas lead at once.\n{Output}");
            }

            if (leading.Count == 1 && leading[0].Text.Contains("Announcements: ", StringComparison.Ordinal))
            {
                return leading[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No replica took the leader lease within {timeoutSeconds} s.\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    public void Drop(string name, IEnumerable<NewsItem> items) => NewsPages.Drop(Seeds, name, items);

    /// <summary>The messages the fake accepted for the targets.</summary>
    public IReadOnlyList<PostedMessage> Posted() =>
        [.. Fake.Sent.Where(m => Targets.Contains(m.ChatId)).Select(m => new PostedMessage(m.ChatId, m.Text))];

    /// <summary>Waits until the <c>health</c> verb on the shared database says the outbox is idle: nothing left to deliver.</summary>
    public async Task WaitUntilSettledAsync(int timeoutSeconds = 120)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Bulletins"] = Database,
            ["Storage__IndexPath"] = Path.Combine(root, "health", "search.index"),
        };
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var (_, output, error) = await HostProcess.RunAsync(root, environment, "health");
            if (output.Contains("outbox: idle", StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The outbox did not become idle in {timeoutSeconds} s. Last health:\n{output}{error}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }

        await Fake.DisposeAsync();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A child that outlived its kill may still hold a file; the temp folder's cleaner takes the rest.
        }
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
