using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using BulletinBot.TestServers;
using Npgsql;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// Several replicas of the real host (child processes) on one PostgreSQL database, each with its own search index
/// folder, all with the Telegram token against one fake Bot API, and one seeds folder the leader reads. "Killing the
/// bot" kills the replica that leads (kill -9) and "starting" it brings a fresh replica in its place, so the kill loop
/// proves takeover: the others go on, one of them takes the leader lease and delivers what was left. With
/// <c>webhook</c> the replicas take updates by webhook, each on a loopback port of its own, and the test posts them
/// through <see cref="Balancer"/>, as Telegram does through a load balancer; otherwise the leaseholder polls.
/// </summary>
internal sealed class ReplicaRig : IAnnouncingHost, IAsyncDisposable
{
    private const string Taken = "Lease leader taken";
    private const string Lost = "Lease leader lost";

    private readonly Dictionary<string, string?> settings;
    private readonly List<HostProcess?> replicas;
    private readonly List<string?> endpoints;
    private readonly bool webhook;
    private int started;

    private ReplicaRig(FakeBotApi fake, int count, IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? extra, bool webhook)
    {
        this.webhook = webhook;
        endpoints = [.. Enumerable.Repeat<string?>(null, count)];
        Balancer = new WebhookBalancer(() => [.. endpoints.OfType<string>()], WebhookSecret);
        Fake = fake;
        Targets = targets;
        replicas = [.. Enumerable.Repeat<HostProcess?>(null, count)];
        Database = PostgresServer.Shared.CreateDatabase();
        settings = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Bulletins"] = Database,
            ["Replicas__TakeoverAfter"] = "00:00:05",
            ["Conversation__CommandsPerMinute"] = "10000",
            ["Ingestion__SeedsPath"] = Folder.SeedsPath,
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

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public const string WebhookSecret = "replica-webhook-secret-0123456789";

    public FakeBotApi Fake { get; }

    /// <summary>Posts updates to the webhook replicas, as Telegram's calls pass a load balancer.</summary>
    public WebhookBalancer Balancer { get; }

    public BotFolder Folder { get; } = new();

    public string Database { get; }

    public IReadOnlyList<string> Targets { get; }

    /// <summary>The replica processes running now.</summary>
    public IReadOnlyList<HostProcess> Running => [.. replicas.OfType<HostProcess>().Where(r => !r.HasExited)];

    public int Messages => Fake.Sent.Count;

    public string Output => string.Join("\n", replicas.OfType<HostProcess>().Select((r, i) => $"--- replica {i}\n{r.Text}"));

    /// <summary>Starts <paramref name="count"/> replicas and waits until each answers and one leads.</summary>
    public static async Task<ReplicaRig> StartAsync(
        int count, IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? settings = null, bool webhook = false)
    {
        var fake = await FakeBotApi.StartAsync();
        fake.EnforceSendLimits = true;
        var rig = new ReplicaRig(fake, count, targets, settings, webhook);
        for (var slot = 0; slot < count; slot++)
        {
            await rig.StartReplicaAsync(slot);
        }

        await rig.LeaderAsync();
        return rig;
    }

    /// <summary>Brings a fresh replica into the slot of the one killed last.</summary>
    public async Task StartBotAsync()
    {
        var slot = replicas.FindIndex(r => r is null || r.HasExited);
        if (slot >= 0)
        {
            await StartReplicaAsync(slot);
        }

        await LeaderAsync();
    }

    /// <summary>One more replica, once it answers.</summary>
    public Task AddReplicaAsync()
    {
        replicas.Add(null);
        endpoints.Add(null);
        return StartReplicaAsync(replicas.Count - 1);
    }

    /// <summary>kill -9 of the replica that leads now.</summary>
    public async Task KillBotAsync()
    {
        var leader = await LeaderAsync();
        await leader.KillAsync();
    }

    /// <summary>The running replica that holds the leader lease, once one does (its log says it took the lease last).</summary>
    /// <summary>The webhook address of a running replica (webhook mode).</summary>
    public string EndpointOf(HostProcess replica) => endpoints[replicas.IndexOf(replica)]!;

    /// <summary>Updates some replica took and has not answered yet: the rows of the shared database's inbox.</summary>
    public async Task<long> UnansweredAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM bb_platform_inbox WHERE stream = 'telegram'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async Task<HostProcess> LeaderAsync(int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var leading = Running.Where(r => Count(r.Text, Taken) > Count(r.Text, Lost)).ToList();
            if (leading.Count == 1 && leading[0].Text.Contains("Announcements: ", StringComparison.Ordinal))
            {
                return leading[0];
            }

            Assert.True(leading.Count <= 1, $"{leading.Count} replicas lead at once.\n{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"No replica took the leader lease within {timeoutSeconds} s.\n{Output}");
            await Task.Delay(20);
        }
    }

    public void Drop(string name, IEnumerable<NewsItem> items) => NewsPages.Drop(Folder.SeedsPath, name, items);

    public bool AllDelivered(IReadOnlyList<NewsItem> items)
    {
        var sent = Fake.Sent;
        return Targets.All(target => items.All(item =>
            sent.Any(m => m.ChatId == target && m.Text.Contains($"Notice {item.Tag}:", StringComparison.Ordinal))));
    }

    public Task WaitForAllAsync(IReadOnlyList<NewsItem> items, IReadOnlyCollection<string>? targets = null, int timeoutSeconds = 90) =>
        Fake.WaitForSentAsync(
            sent => (targets ?? Targets).All(target => items.All(item =>
                sent.Any(m => m.ChatId == target && m.Text.Contains($"Notice {item.Tag}:", StringComparison.Ordinal)))),
            timeoutSeconds);

    public IReadOnlyList<PostedMessage> Posted() =>
        [.. Fake.Sent.Where(m => Targets.Contains(m.ChatId)).Select(m => new PostedMessage(m.ChatId, m.Text))];

    /// <summary>The <c>health</c> verb against the shared database, from a folder of its own: exit code and text.</summary>
    public async Task<(int Code, string Text)> HealthAsync()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Bulletins"] = Database,
            ["Storage__IndexPath"] = Path.Combine(Folder.Root, "health", "search.index"),
        };
        var (code, output, error) = await HostProcess.RunAsync(Folder.Root, environment, "health");
        return (code, output + error);
    }

    /// <summary>Waits until health on the shared database says the outbox is idle.</summary>
    public async Task WaitUntilSettledAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var (_, text) = await HealthAsync();
            if (text.Contains("outbox: idle", StringComparison.Ordinal))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The outbox did not become idle. Last health:\n{text}\n{Output}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas.OfType<HostProcess>())
        {
            await replica.DisposeAsync();
        }

        await Fake.DisposeAsync();
        Balancer.Dispose();
        Folder.Dispose();
    }

    private async Task StartReplicaAsync(int slot)
    {
        var environment = new Dictionary<string, string?>(settings)
        {
            ["Storage__IndexPath"] = Path.Combine(Folder.Root, $"replica-{started++}", "search.index"),
        };
        endpoints[slot] = null;
        if (webhook)
        {
            // Telegram posts only to https; the fake's setWebhook takes the public address, and the test's balancer
            // forwards to each replica's own loopback port, as a reverse proxy would.
            var endpoint = $"http://127.0.0.1:{LoopbackPort.Free()}/telegram/";
            environment["Telegram__WebhookUrl"] = "https://bot.example.org/telegram";
            environment["Telegram__WebhookSecret"] = WebhookSecret;
            environment["Telegram__WebhookListenPrefix"] = endpoint;
            endpoints[slot] = endpoint;
        }

        if (replicas[slot] is { } old)
        {
            await old.DisposeAsync();
        }

        var replica = HostProcess.Start(Path.GetDirectoryName(HostProcess.Program)!, environment, redirectInput: true);
        replicas[slot] = replica;
        await replica.WaitUntilAsync(
            // Live: polling, or waiting while another replica holds the one getUpdates consumer's lease; or listening.
            text => webhook
                ? text.Contains("Telegram webhook listening on", StringComparison.Ordinal)
                : text.Contains("Telegram long polling from", StringComparison.Ordinal)
                    || text.Contains("Lease telegram:updates is held by another replica", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"Replica {slot} did not go live");
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
