using System.Diagnostics;
using System.Reflection;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// The real host, started the way a user starts it (`dotnet BulletinBot.dll`), configured only by
/// environment variables, talking to the fake Bot API. Its output is kept for assertions.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly TaskCompletionSource live = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool expectIngest;
    private bool ingested;
    private bool receiving;

    private BotProcess(Process process, bool expectIngest)
    {
        this.process = process;
        this.expectIngest = expectIngest;
    }

    /// <summary>Runs the host's <c>health</c> verb against the folder's store: its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Text)> HealthAsync(BotFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = HostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(HostDirectory, "BulletinBot.dll"));
        start.ArgumentList.Add("health");
        start.Environment["Storage__Path"] = folder.StorePath;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    public static string HostDirectory { get; } = typeof(BotProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "HostDirectory").Value!;

    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public static async Task<BotProcess> StartAsync(BotFolder folder, FakeBotApi fake, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet", ["BulletinBot.dll"])
        {
            WorkingDirectory = HostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Storage__Path"] = folder.StorePath;
        start.Environment["Conversation__CommandsPerMinute"] = "10000";
        start.Environment["Ingestion__SeedsPath"] = folder.SeedsPath;
        start.Environment["Telegram__BotToken"] = FakeBotApi.Token;
        start.Environment["Telegram__ApiBaseUrl"] = fake.BaseUrl;
        start.Environment["Telegram__PollTimeoutSeconds"] = "1";
        start.Environment["Telegram__MaxBackoffSeconds"] = "2";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var bot = new BotProcess(new Process { StartInfo = start }, expectIngest: !File.Exists(folder.StorePath));
        bot.process.OutputDataReceived += (_, e) => bot.Keep(e.Data);
        bot.process.ErrorDataReceived += (_, e) => bot.Keep(e.Data);
        bot.process.Start();
        bot.process.BeginOutputReadLine();
        bot.process.BeginErrorReadLine();
        var ready = await Task.WhenAny(bot.live.Task, bot.process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != bot.live.Task)
        {
            await bot.DisposeAsync();
            throw new InvalidOperationException($"The bot did not go live:\n{bot.Output}");
        }

        return bot;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        // Live: receiving updates, and (on a new store) the test page ingested, so answers see every item.
        ingested |= line.Contains("Ingested", StringComparison.Ordinal) && line.Contains(BotFolder.TestPageName, StringComparison.Ordinal);
        receiving |= line.Contains("Telegram long polling from", StringComparison.Ordinal) || line.Contains("Telegram webhook set", StringComparison.Ordinal);
        if (receiving && (ingested || !expectIngest))
        {
            live.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
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
