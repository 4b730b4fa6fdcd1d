using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Npgsql;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// Several replicas of the real host (child processes, a <see cref="ReplicaSet"/>) on one PostgreSQL database, all
/// with the Telegram token against one fake Bot API, and one seeds folder the leader reads. "Killing the bot" kills
/// the replica that leads (kill -9) and "starting" it brings a fresh replica in its place, so the kill loop proves
/// takeover: the others go on, one of them takes the leader lease and delivers what was left. With <c>webhook</c> the
/// replicas take updates by webhook, each on a loopback port of its own, and the test posts them through
/// <see cref="Balancer"/>, as Telegram does through a load balancer; otherwise the leaseholder polls.
/// </summary>
internal sealed class ReplicaRig : IAnnouncingHost, IAsyncDisposable
{
    private readonly ReplicaSet replicas;
    private readonly Dictionary<int, string> endpoints = [];

    private ReplicaRig(FakeBotApi fake, int count, IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? extra, bool webhook)
    {
        Balancer = new WebhookBalancer(() => [.. Endpoints()], WebhookSecret);
        Fake = fake;
        Targets = targets;
        var settings = new Dictionary<string, string?>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram__PollTimeoutSeconds"] = "1",
            ["Telegram__MaxBackoffSeconds"] = "2",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        replicas = new ReplicaSet(Folder.Root, Folder.SeedsPath, count, "Telegram", targets, settings,
            // Live: polling, or waiting while another replica holds the one getUpdates consumer's lease; or listening.
            text => webhook
                ? text.Contains("Telegram webhook listening on", StringComparison.Ordinal)
                : text.Contains("Telegram long polling from", StringComparison.Ordinal)
                    || text.Contains("Lease telegram:updates is held by another replica", StringComparison.Ordinal),
            webhook ? WebhookSettings : null);
    }

    public const string WebhookSecret = "replica-webhook-secret-0123456789";

    /// <summary>Posts updates to the webhook replicas, as Telegram's calls pass a load balancer.</summary>
    public WebhookBalancer Balancer { get; }

    public FakeBotApi Fake { get; }

    public BotFolder Folder { get; } = new();

    public string Database => replicas.Database;

    public IReadOnlyList<string> Targets { get; }

    /// <summary>The replica processes running now.</summary>
    public IReadOnlyList<HostProcess> Running => replicas.Running;

    public int Messages => Fake.Sent.Count;

    public string Output => replicas.Output;

    /// <summary>Starts <paramref name="count"/> replicas and waits until each answers and one leads.</summary>
    public static async Task<ReplicaRig> StartAsync(
        int count, IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? settings = null, bool webhook = false)
    {
        var fake = await FakeBotApi.StartAsync();
        fake.EnforceSendLimits = true;
        var rig = new ReplicaRig(fake, count, targets, settings, webhook);
        for (var slot = 0; slot < count; slot++)
        {
            await rig.replicas.StartAsync(slot);
        }

        await rig.LeaderAsync();
        return rig;
    }

    /// <summary>Brings a fresh replica into the slot of the one killed last.</summary>
    public async Task StartBotAsync()
    {
        await replicas.RestartOneAsync();
        await LeaderAsync();
    }

    /// <summary>One more replica, once it answers.</summary>
    public Task AddReplicaAsync() => replicas.AddAsync();

    /// <summary>kill -9 of the replica that leads now.</summary>
    public async Task KillBotAsync()
    {
        var leader = await LeaderAsync();
        await leader.KillAsync();
    }

    /// <summary>The running replica that holds the leader lease, once one does.</summary>
    public Task<HostProcess> LeaderAsync(int timeoutSeconds = 30) => replicas.LeaderAsync(timeoutSeconds);

    /// <summary>The webhook address of a replica (webhook mode).</summary>
    public string EndpointOf(HostProcess replica)
    {
        lock (endpoints)
        {
            return endpoints[replicas.Slots.ToList().IndexOf(replica)];
        }
    }

    /// <summary>Updates some replica took and has not answered yet: the rows of the shared database's inbox.</summary>
    public async Task<long> UnansweredAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM bb_platform_inbox WHERE stream = 'telegram'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
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
    public Task<(int Code, string Text)> HealthAsync() => replicas.HealthAsync();

    /// <summary>Waits until health on the shared database says the outbox is idle.</summary>
    public Task WaitUntilSettledAsync() => replicas.WaitUntilSettledAsync();

    public async ValueTask DisposeAsync()
    {
        await replicas.DisposeAsync();
        await Fake.DisposeAsync();
        Balancer.Dispose();
        Folder.Dispose();
    }

    /// <summary>
    /// A slot's webhook settings, on a fresh port at each start. Telegram posts only to https; the fake's setWebhook
    /// takes the public address, and the test's balancer forwards to each replica's own loopback port, as a reverse
    /// proxy would.
    /// </summary>
    private Dictionary<string, string?> WebhookSettings(int slot)
    {
        var endpoint = $"http://127.0.0.1:{LoopbackPort.Free()}/telegram/";
        lock (endpoints)
        {
            endpoints[slot] = endpoint;
        }

        return new Dictionary<string, string?>
        {
            ["Telegram__WebhookUrl"] = "https://bot.example.org/telegram",
            ["Telegram__WebhookSecret"] = WebhookSecret,
            ["Telegram__WebhookListenPrefix"] = endpoint,
        };
    }

    private List<string> Endpoints()
    {
        lock (endpoints)
        {
            return [.. endpoints.Values];
        }
    }
}
