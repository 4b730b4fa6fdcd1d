using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// The real host (<see cref="HostProcess"/>) configured for Telegram by environment variables only, talking to the
/// fake Bot API; live once it receives updates and (on a new store) ingested the test page.
/// </summary>
public sealed class TelegramHost : IAsyncDisposable
{
    private readonly HostProcess process;

    private TelegramHost(HostProcess process) => this.process = process;

    /// <summary>Both streams of the host, kept for assertions.</summary>
    public string Output => process.Text;

    /// <summary>Runs the host's <c>health</c> verb against the folder's store: its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Text)> HealthAsync(BotFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var (code, output, error) = await HostProcess.RunAsync(folder.Root, new Dictionary<string, string?> { ["Storage__Path"] = folder.StorePath }, "health");
        return (code, output + error);
    }

    public static async Task<TelegramHost> StartAsync(BotFolder folder, FakeBotApi fake, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var expectIngest = !File.Exists(folder.StorePath);
        var bot = new TelegramHost(Launch(folder, fake, settings));
        try
        {
            // Live: receiving updates, and (on a new store) the test page ingested, so answers see every item.
            await bot.process.WaitUntilAsync(
                text => (text.Contains("Telegram long polling from", StringComparison.Ordinal) || text.Contains("Telegram webhook set", StringComparison.Ordinal))
                    && (!expectIngest || text.Split('\n').Any(line => line.Contains("Ingested", StringComparison.Ordinal) && line.Contains(BotFolder.TestPageName, StringComparison.Ordinal))),
                TimeSpan.FromSeconds(60),
                "The bot did not go live");
        }
        catch (TimeoutException)
        {
            await bot.DisposeAsync();
            throw new InvalidOperationException($"The bot did not go live:\n{bot.Output}");
        }

        return bot;
    }

    /// <summary>Starts the host for the fake without waiting for it to go live: for a bot that is expected to stop.</summary>
    internal static HostProcess Launch(BotFolder folder, FakeBotApi fake, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(fake);
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Storage__Path"] = folder.StorePath,
            ["Conversation__CommandsPerMinute"] = "10000",
            ["Ingestion__SeedsPath"] = folder.SeedsPath,
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram__PollTimeoutSeconds"] = "1",
            ["Telegram__MaxBackoffSeconds"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return HostProcess.Start(Path.GetDirectoryName(HostProcess.Program)!, environment, redirectInput: true);
    }

    /// <summary>
    /// Stops the bot as <c>docker stop</c> does (SIGTERM) and waits for it to exit: a restart, where an update already
    /// answered is never answered again (a kill may repeat one that was in flight, which the kill tests cover).
    /// </summary>
    public async Task StopAsync()
    {
        process.Terminate();
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"The bot exited with {code} on SIGTERM:\n{process.Text}");
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}

/// <summary>A temp folder with the store file and a copy of the seeds plus a page made to test escaping and long items.</summary>
public sealed class BotFolder : IDisposable
{
    public BotFolder()
    {
        Root = Directory.CreateTempSubdirectory("bulletinbot-telegram-").FullName;
        SeedsPath = Directory.CreateDirectory(Path.Combine(Root, "seeds")).FullName;
        StorePath = Path.Combine(Root, "bulletins.db");
        foreach (var seed in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "*.txt"))
        {
            File.Copy(seed, Path.Combine(SeedsPath, Path.GetFileName(seed)));
        }

        File.WriteAllText(Path.Combine(SeedsPath, TestPageName), TestPage);
    }

    public string Root { get; }

    public string SeedsPath { get; }

    public string StorePath { get; }

    public const string TestPageName = "900_telegram.txt";

    public const string EscapingTitle = "Tom & Jerry <b>bold</b> </a> escape check";

    public const string LongTitle = "A very long bulletin about harbours";

    public static string LongParagraph(int n) =>
        string.Join(' ', Enumerable.Range(0, 22).Select(i => $"Harbour report sentence {n}-{i} describes cargo, cranes and tides in plain words."));

    private static string TestPage =>
        "Test Source <b>&\n\n"
        + EscapingTitle + "\n\n"
        + "On August 20, 2018, a paragraph with <i>tags</i> & ampersands </a> and \"quotes\" proves escaping &amp; entities.\n\n"
        + LongTitle + "\n\n"
        + "On August 21, 2018, " + string.Join("\n\n", Enumerable.Range(0, 5).Select(LongParagraph)) + "\n";

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
