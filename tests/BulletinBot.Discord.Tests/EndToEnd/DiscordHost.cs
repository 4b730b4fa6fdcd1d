using BulletinBot.Discord.Tests.Fakes;
using BulletinBot.TestPages;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// The real host (<see cref="HostProcess"/>) configured for Discord by environment variables only and pointed at a
/// <see cref="FakeDiscord"/>: its REST base and its gateway.
/// </summary>
internal sealed class DiscordHost : IAsyncDisposable
{
    public const string Token = "MTAw.e2e-secret-token.xyz";
    public const string ApplicationId = "100000000000000001";

    private readonly HostProcess process;
    private readonly string folder;
    private long sequence = 1;

    private DiscordHost(HostProcess process, string folder, FakeDiscord fake)
    {
        this.process = process;
        this.folder = folder;
        Fake = fake;
    }

    public FakeDiscord Fake { get; }

    public FakeGatewaySocket Socket { get; private set; } = null!;

    public string Output => process.Text;

    /// <summary>Starts the host with the seed pages plus <paramref name="extraPage"/>, and walks the handshake to READY.</summary>
    public static async Task<DiscordHost> StartAsync(string? extraPage = null)
    {
        var fake = await FakeDiscord.StartAsync();
        var folder = Directory.CreateTempSubdirectory("bulletinbot-discord-").FullName;
        var seeds = Directory.CreateDirectory(Path.Combine(folder, "seeds")).FullName;
        foreach (var page in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "*.txt"))
        {
            File.Copy(page, Path.Combine(seeds, Path.GetFileName(page)));
        }

        if (extraPage is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(seeds, "zz_extra.txt"), extraPage);
        }

        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Storage__Path"] = Path.Combine(folder, "bulletins.db"),
            ["Ingestion__SeedsPath"] = seeds,
            ["Discord__BotToken"] = Token,
            ["Discord__ApiBaseUrl"] = fake.ApiBase.ToString(),
            ["Discord__GatewayUrl"] = fake.GatewayUrl,
            ["Logging__LogLevel__Default"] = "Information",
        };

        var bot = new DiscordHost(HostProcess.Start(folder, environment, redirectInput: true), folder, fake);
        await bot.HandshakeAsync();
        // Ingestion runs in the background at start: wait until every page is in the store before asking about them.
        var pages = Directory.GetFiles(seeds, "*.txt").Length;
        await bot.WaitForOutputAsync(text => text.Split('\n').Count(line => line.Contains("Ingested ", StringComparison.Ordinal)) >= pages);
        return bot;
    }

    public long NextSequence() => Interlocked.Increment(ref sequence);

    /// <summary>Sends an INTERACTION_CREATE and waits for the bot's first answer to it.</summary>
    public async Task<RecordedRequest> InteractAsync(int type, object data, string id)
    {
        await Socket.DispatchAsync("INTERACTION_CREATE", NextSequence(), Interactions.InteractionResponderTests.Interaction(type, data, id));
        return await AnswerToAsync(id);
    }

    public async Task<RecordedRequest> AnswerToAsync(string id) =>
        (await Fake.WaitForRequestsAsync(r => r.Path.StartsWith($"interactions/{id}/", StringComparison.Ordinal))).Single();

    private async Task HandshakeAsync()
    {
        FakeGatewaySocket socket;
        try
        {
            // A cold start of the host on a busy CI machine can take a while.
            socket = await Fake.NextConnectionAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The bot never connected to the gateway. Its output:\n{Output}");
        }

        await socket.HelloAsync();
        var identify = await socket.ExpectAsync(2);
        Assert.Equal(Token, identify.GetProperty("d").GetProperty("token").GetString());
        await socket.ReadyAsync(1, "session-e2e", Fake.ResumeUrl);
        await Fake.WaitForRequestsAsync(r => r.Method == "PUT" && r.Path == $"applications/{ApplicationId}/commands");
        Socket = socket;
    }

    private async Task WaitForOutputAsync(Func<string, bool> done)
    {
        try
        {
            await process.WaitUntilAsync(done, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
        }

        Assert.True(done(Output), $"The bot did not finish ingesting. Its output:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        await Fake.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
