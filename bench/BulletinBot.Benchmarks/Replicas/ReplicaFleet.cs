using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestPages;

namespace BulletinBot.Benchmarks.Replicas;

/// <summary>
/// Replicas of the real host (child processes, the build beside the benchmark; the tests' <see cref="ReplicaSet"/>) on
/// one fresh PostgreSQL database, all with the Telegram token against one fake Bot API that keeps Telegram's send
/// limits, one seeds folder the leader reads, and the given targets configured. Set up as the replica tests set
/// theirs, but with the shipped <c>Replicas:TakeoverAfter</c>, since how soon a replica takes over is what the
/// benchmark measures.
/// </summary>
internal sealed class ReplicaFleet : IAsyncDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("bb-replica-fleet-").FullName;
    private readonly ReplicaSet replicas;

    private ReplicaFleet(FakeBotApi fake, int count, IReadOnlyList<string> targets)
    {
        Fake = fake;
        Targets = targets;
        Seeds = Directory.CreateDirectory(Path.Combine(root, "seeds")).FullName;
        var telegram = new Dictionary<string, string?>
        {
            ["Replicas__TakeoverAfter"] = null,
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram__PollTimeoutSeconds"] = "1",
            ["Telegram__MaxBackoffSeconds"] = "2",
        };
        replicas = new ReplicaSet(root, Seeds, count, "Telegram", targets, telegram,
            // Live: polling, or waiting while another replica holds the one getUpdates consumer's lease.
            text => text.Contains("Telegram long polling from", StringComparison.Ordinal)
                || text.Contains("Lease telegram:updates is held by another replica", StringComparison.Ordinal));
    }

    public FakeBotApi Fake { get; }

    public IReadOnlyList<string> Targets { get; }

    public string Seeds { get; }

    public IReadOnlyList<HostProcess> Running => replicas.Running;

    /// <summary>When the benchmark first saw a replica lead (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long LeaderSeen { get; private set; }

    public string Output => replicas.Output;

    /// <summary>Starts <paramref name="count"/> replicas and waits until each is live and one leads.</summary>
    public static async Task<ReplicaFleet> StartAsync(int count, IReadOnlyList<string> targets)
    {
        var fake = await FakeBotApi.StartAsync();
        fake.EnforceSendLimits = true;
        var fleet = new ReplicaFleet(fake, count, targets);
        try
        {
            for (var slot = 0; slot < count; slot++)
            {
                await fleet.replicas.StartAsync(slot);
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

    /// <summary>One more replica, once it is live.</summary>
    public Task AddReplicaAsync() => replicas.AddAsync();

    /// <summary>The running replica that holds the leader lease and announces, once exactly one does (from the replicas' logs).</summary>
    public Task<HostProcess> LeaderAsync(int timeoutSeconds = 60) => replicas.LeaderAsync(timeoutSeconds);

    public void Drop(string name, IEnumerable<NewsItem> items) => NewsPages.Drop(Seeds, name, items);

    /// <summary>The messages the fake accepted for the targets.</summary>
    public IReadOnlyList<PostedMessage> Posted() =>
        [.. Fake.Sent.Where(m => Targets.Contains(m.ChatId)).Select(m => new PostedMessage(m.ChatId, m.Text))];

    /// <summary>Waits until the <c>health</c> verb on the shared database says the outbox is idle: nothing left to deliver.</summary>
    public Task WaitUntilSettledAsync() => replicas.WaitUntilSettledAsync();

    public async ValueTask DisposeAsync()
    {
        await replicas.DisposeAsync();
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
}
