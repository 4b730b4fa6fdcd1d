using BulletinBot.TestServers;

namespace BulletinBot.TestPages;

/// <summary>
/// Replicas of the real host (child processes) on one PostgreSQL database of their own, each with its own search index
/// folder, reading one seeds folder, with a platform's settings and announcement targets: the part every platform's
/// replica rig shares. A replica sits in a slot; a slot whose replica was killed takes a fresh one. A replica counts as
/// started once its output satisfies the platform's "live" test. It throws (no test framework), so the benchmark
/// starts its replicas with it too.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private const string Taken = "Lease leader taken";
    private const string Lost = "Lease leader lost";

    private readonly Dictionary<string, string?> settings;
    private readonly List<HostProcess?> replicas;
    private readonly string root;
    private readonly Func<string, bool> live;
    private readonly Func<int, IReadOnlyDictionary<string, string?>>? slotSettings;
    private int started;

    /// <param name="root">A folder of the caller's, holding each replica's index folder.</param>
    /// <param name="seedsPath">The seeds folder every replica watches (the leader reads it).</param>
    /// <param name="count">Slots to begin with.</param>
    /// <param name="platform">The platform of <paramref name="targets"/>.</param>
    /// <param name="platformSettings">The platform's settings (token, fake's address...), over the shared ones.</param>
    /// <param name="live">Whether a replica's output shows it up and on the database.</param>
    /// <param name="slotSettings">Settings of one slot's replica over the others (its own port), taken at each start.</param>
    public ReplicaSet(
        string root, string seedsPath, int count, string platform, IReadOnlyList<string> targets,
        IReadOnlyDictionary<string, string?> platformSettings, Func<string, bool> live,
        Func<int, IReadOnlyDictionary<string, string?>>? slotSettings = null)
    {
        this.root = root;
        this.live = live;
        this.slotSettings = slotSettings;
        replicas = [.. Enumerable.Repeat<HostProcess?>(null, count)];
        Database = PostgresServer.Shared.CreateDatabase();
        settings = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Bulletins"] = Database,
            ["Replicas__TakeoverAfter"] = "00:00:05",
            ["Conversation__CommandsPerMinute"] = "10000",
            ["Ingestion__SeedsPath"] = seedsPath,
            ["Ingestion__FileSettleTime"] = "00:00:00.200",
            ["Announcements__PollInterval"] = "00:00:00.200",
            ["Announcements__MaxRetryDelay"] = "00:00:02",
        };
        for (var i = 0; i < targets.Count; i++)
        {
            settings[$"Announcements__Targets__{i}__Platform"] = platform;
            settings[$"Announcements__Targets__{i}__ChatId"] = targets[i];
        }

        foreach (var (key, value) in platformSettings)
        {
            // A null takes a shared setting out: the host's own default applies.
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
    }

    public string Database { get; }

    /// <summary>The replica processes running now.</summary>
    public IReadOnlyList<HostProcess> Running => [.. replicas.OfType<HostProcess>().Where(r => !r.HasExited)];

    /// <summary>Every slot's replica (killed or not), in slot order; null for a slot never started.</summary>
    public IReadOnlyList<HostProcess?> Slots => [.. replicas];

    public string Output => string.Join("\n", replicas.Select((r, i) => $"--- replica {i}\n{r?.Text}"));

    /// <summary>Starts a replica in every slot at once (so they start as together as a deployment's do), and waits until each is live.</summary>
    public Task StartAllAsync() => Task.WhenAll(Enumerable.Range(0, replicas.Count).Select(StartAsync));

    /// <summary>Brings a fresh replica into the first slot whose replica was killed (or never started).</summary>
    public async Task RestartOneAsync()
    {
        var slot = replicas.FindIndex(r => r is null || r.HasExited);
        if (slot >= 0)
        {
            await StartAsync(slot);
        }
    }

    /// <summary>One more replica, once it is live.</summary>
    public Task AddAsync()
    {
        replicas.Add(null);
        return StartAsync(replicas.Count - 1);
    }

    /// <summary>Starts a fresh replica in <paramref name="slot"/> (killing the one there) and waits until it is live.</summary>
    public async Task StartAsync(int slot)
    {
        var environment = new Dictionary<string, string?>(settings)
        {
            ["Storage__IndexPath"] = Path.Combine(root, $"replica-{Interlocked.Increment(ref started)}", "search.index"),
        };
        foreach (var (key, value) in slotSettings?.Invoke(slot) ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        if (replicas[slot] is { } old)
        {
            await old.DisposeAsync();
        }

        var replica = HostProcess.Start(Path.GetDirectoryName(HostProcess.Program)!, environment, redirectInput: true);
        replicas[slot] = replica;
        await replica.WaitUntilAsync(live, TimeSpan.FromSeconds(60), $"Replica {slot} did not go live");
    }

    /// <summary>The running replica that holds the leader lease, once one does (its log says it took the lease last).</summary>
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

            if (leading.Count > 1)
            {
                throw new InvalidOperationException($"{leading.Count} replicas lead at once.\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No replica took the leader lease within {timeoutSeconds} s.\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The <c>health</c> verb against the shared database, from a folder of its own: exit code and text.</summary>
    public async Task<(int Code, string Text)> HealthAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Bulletins"] = Database,
            ["Storage__IndexPath"] = Path.Combine(root, "health", "search.index"),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var (code, output, error) = await HostProcess.RunAsync(root, environment, "health");
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

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The outbox did not become idle. Last health:\n{text}\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    public static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas.OfType<HostProcess>())
        {
            await replica.DisposeAsync();
        }
    }
}
