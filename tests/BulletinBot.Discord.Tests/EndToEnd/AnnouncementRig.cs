using System.Text.Json;
using BulletinBot.Discord.Tests.Fakes;
using BulletinBot.TestPages;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// The real host as a child process with announcement targets in its environment, a seeds folder to drop pages
/// into, and one fake Discord that outlives restarts (so its nonces and counts span every run of the host).
/// </summary>
public sealed class AnnouncementRig : IAnnouncementRig
{
    private readonly Dictionary<string, string?> settings;
    private readonly string folder;
    private HostProcess? process;
    private string lastOutput = "";
    private long sequence = 1;

    private AnnouncementRig(FakeDiscord fake, IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? extra)
    {
        Fake = fake;
        Targets = targets;
        folder = Directory.CreateTempSubdirectory("bulletinbot-discord-announce-").FullName;
        Seeds = Directory.CreateDirectory(Path.Combine(folder, "seeds")).FullName;
        foreach (var page in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "*.txt"))
        {
            File.Copy(page, Path.Combine(Seeds, Path.GetFileName(page)));
        }

        settings = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Storage__Path"] = StorePath,
            ["Ingestion__SeedsPath"] = Seeds,
            ["Ingestion__FileSettleTime"] = "00:00:00.200",
            ["Discord__BotToken"] = DiscordHost.Token,
            ["Discord__ApiBaseUrl"] = fake.ApiBase.ToString(),
            ["Discord__GatewayUrl"] = fake.GatewayUrl,
            ["Announcements__PollInterval"] = "00:00:00.200",
            ["Announcements__MaxRetryDelay"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Information",
        };
        for (var i = 0; i < targets.Count; i++)
        {
            settings[$"Announcements__Targets__{i}__Platform"] = "Discord";
            settings[$"Announcements__Targets__{i}__ChatId"] = targets[i];
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public FakeDiscord Fake { get; }

    public IReadOnlyList<string> Targets { get; }

    public string Seeds { get; }

    public string StorePath => Path.Combine(folder, "bulletins.db");

    public FakeGatewaySocket Socket { get; private set; } = null!;

    /// <summary>Every post the channels received, created or answered from its nonce.</summary>
    public int Messages => DiscordPosts.Count(Fake);

    public string Output => process?.Text ?? lastOutput;

    public static async Task<AnnouncementRig> StartAsync(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var rig = new AnnouncementRig(await FakeDiscord.StartAsync(), targets, settings);
        await rig.StartBotAsync();
        return rig;
    }

    /// <summary>Starts the host, walks the gateway handshake to READY and waits until announcements run.</summary>
    public async Task StartBotAsync()
    {
        process = HostProcess.Start(folder, settings, redirectInput: true);
        try
        {
            Socket = await Fake.NextConnectionAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The bot never connected to the gateway. Its output:\n{Output}");
        }

        await Socket.HelloAsync();
        await Socket.ExpectAsync(2);
        await Socket.ReadyAsync(1, "session-announce", Fake.ResumeUrl);
        Interlocked.Exchange(ref sequence, 1);
        await WaitForOutputAsync("Announcements: ");
    }

    /// <summary>SIGKILL of the host and its children.</summary>
    public async Task KillBotAsync()
    {
        if (process is null)
        {
            return;
        }

        lastOutput = process.Text;
        await process.DisposeAsync();
        process = null;
    }

    public async Task RestartBotAsync()
    {
        await KillBotAsync();
        await StartBotAsync();
    }

    public void Drop(string name, IEnumerable<NewsItem> items) => NewsPages.Drop(Seeds, name, items);

    public Task WaitForIngestAsync(string page) => WaitForOutputAsync($"page {page}: ");

    public async Task WaitForOutputAsync(string text, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && process is { HasExited: false }, $"The bot never logged \"{text}\". Its output:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>The messages created in the targets, each as the text of its embeds.</summary>
    public IReadOnlyList<PostedMessage> Posted() => DiscordPosts.Posted(Fake, Targets);

    public IReadOnlyList<PostedMessage> PostedIn(string chat) => DiscordPosts.Posted(Fake, [chat]);

    public async Task WaitUntilSettledAsync() => await HostProcess.WaitForIdleOutboxAsync(StorePath, TimeSpan.FromSeconds(90));

    public async Task<(int Code, string Text)> HealthAsync()
    {
        var (code, output, error) = await HostProcess.RunAsync(folder, new Dictionary<string, string?> { ["Storage__Path"] = StorePath }, "health");
        return (code, output + error);
    }

    public static string Text(CreatedMessage message) => DiscordPosts.Text(message);

    /// <summary>Whether every item already reached every target.</summary>
    public bool AllDelivered(IReadOnlyList<NewsItem> items) => DiscordPosts.AllDelivered(Fake, Targets, items);

    public Task WaitForAllAsync(IReadOnlyList<NewsItem> items, IReadOnlyCollection<string>? targets = null, int timeoutSeconds = 90) =>
        DiscordPosts.WaitForAllAsync(Fake, targets ?? Targets, items, timeoutSeconds, () => Output);

    /// <summary>Sends an INTERACTION_CREATE from a guild member with <paramref name="permissions"/> and waits for its answer's body.</summary>
    public async Task<JsonElement> InteractAsync(string id, object data, string channelId, string permissions)
    {
        var interaction = JsonSerializer.SerializeToElement(new
        {
            id,
            application_id = DiscordHost.ApplicationId,
            type = 2,
            token = "interaction-token-" + id,
            channel_id = channelId,
            guild_id = "500000000000000001",
            member = new { user = new { id = "600000000000000001", username = "someone" }, permissions },
            data,
        });
        await Socket.DispatchAsync("INTERACTION_CREATE", Interlocked.Increment(ref sequence), interaction);
        var answer = (await Fake.WaitForRequestsAsync(r => r.Path.StartsWith($"interactions/{id}/", StringComparison.Ordinal))).Single();
        if (answer.Body.GetProperty("type").GetInt32() != 5)
        {
            return answer.Body.GetProperty("data");
        }

        var edits = await Fake.WaitForRequestsAsync(r => r.Method == "PATCH" && r.Path.Contains("interaction-token-" + id, StringComparison.Ordinal));
        return edits[^1].Body;
    }

    public async ValueTask DisposeAsync()
    {
        await KillBotAsync();
        await Fake.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
