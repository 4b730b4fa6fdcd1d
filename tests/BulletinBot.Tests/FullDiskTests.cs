using System.Text;
using BulletinBot.TestDisk;
using BulletinBot.TestPages;

namespace BulletinBot.Tests;

/// <summary>
/// The real program with its store on a small tmpfs that a filler file makes full: at start, and while it runs and
/// ingests. Needs root to mount; where it cannot mount, each case is skipped and says why.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-fulldisk-").FullName;
    private bool _mounted;

    private string Mount => Path.Combine(_folder, "disk");

    private string StorePath => Path.Combine(Mount, "bulletins.db");

    private string Seeds => Path.Combine(_folder, "seeds");

    private string Filler => Path.Combine(Mount, "filler");

    public void Dispose()
    {
        if (_mounted)
        {
            // Lazily: a handle a killed process left must not keep the mount busy.
            SmallDisk.Unmount(Mount);
        }

        Directory.Delete(_folder, recursive: true);
    }

    [SkippableFact]
    public async Task Starting_the_service_on_a_full_disk_is_one_line_and_exit_code_3()
    {
        MountDisk();
        var (code, _, error) = await HostProcess.RunAsync(_folder, Environment(), "ingest");
        Assert.True(code == 0, error);

        FillDisk();
        var (exit, _, failure) = await HostProcess.RunAsync(_folder, Service(), "run");

        Assert.True(exit == 3, $"exit {exit}: {failure}");
        Assert.StartsWith("Storage error: the disk is full", failure, StringComparison.Ordinal);
        Assert.Single(failure.Trim().Split('\n'));
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task A_disk_that_fills_while_running_pauses_ingestion_the_chat_answers_health_says_why_and_ingestion_resumes()
    {
        MountDisk();
        using var bot = HostProcess.Start(_folder, Service(), redirectInput: true, "run");

        // Filled once the start's writes are done (both seed pages, the announcements' start), so only the new page meets it.
        await bot.WaitForAsync("Ingested seeds page 001_", TimeSpan.FromSeconds(60));
        await bot.WaitForAsync("Announcements: ", TimeSpan.FromSeconds(60));

        FillDisk();
        NewsPages.Drop(Seeds, "500_big.txt", NewsPages.Items(page: 50, count: 100, bodyLength: 2000));
        await bot.WaitForAsync("Ingestion paused: the disk is full", TimeSpan.FromSeconds(60));

        var (healthCode, health, _) = await HostProcess.RunAsync(_folder, Environment(), "health");
        Assert.Equal(1, healthCode);
        Assert.Contains("ingest: paused, the disk is full", health, StringComparison.Ordinal);
        var (askCode, stats, askError) = await HostProcess.RunAsync(_folder, Environment(), "ask", "latest", "2");
        Assert.True(askCode == 0, askError);
        Assert.Contains("Cuba", stats, StringComparison.Ordinal);
        Assert.False(bot.HasExited, bot.Error);

        File.Delete(Filler);
        await bot.WaitForAsync("Ingested seeds page 500_big.txt", TimeSpan.FromSeconds(90));
        var (okCode, healthy, _) = await HostProcess.RunAsync(_folder, Environment(), "health");
        Assert.Contains("ingest: ok", healthy, StringComparison.Ordinal);
        Assert.Contains("108 items", healthy, StringComparison.Ordinal);
        _ = okCode;

        bot.Terminate();
        Assert.Equal(0, await bot.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [SkippableFact]
    public async Task A_write_that_fails_on_a_full_disk_stops_the_service_with_exit_code_3()
    {
        MountDisk();

        // No reserve: ingestion writes into the full disk, and LiteDB gives up on the store.
        var settings = Service();
        settings["Storage__MinFreeMegabytes"] = "0";
        using var bot = HostProcess.Start(_folder, settings, redirectInput: true, "run");
        await bot.WaitForAsync("Ingested seeds page", TimeSpan.FromSeconds(60));

        FillDisk();
        NewsPages.Drop(Seeds, "500_big.txt", NewsPages.Items(page: 50, count: 100, bodyLength: 2000));
        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 3, $"exit {code}: {bot.Error}");
        Assert.EndsWith("Storage error: the disk is full (the store is " + StorePath + "). Free space on it, then start again; nothing stored before is lost.", bot.Error.Trim(), StringComparison.Ordinal);
    }

    private void MountDisk()
    {
        _mounted = SmallDisk.TryMount(Mount, "16m");
        Skip.IfNot(_mounted, SmallDisk.Unavailable);
        Directory.CreateDirectory(Seeds);
        foreach (var seed in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "*.txt"))
        {
            File.Copy(seed, Path.Combine(Seeds, Path.GetFileName(seed)));
        }
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = _folder,
        ["Storage__Path"] = StorePath,
        ["Storage__MinFreeMegabytes"] = "1",
        ["Ingestion__SeedsPath"] = Seeds,
    };

    /// <summary>The service, with a token for a Bot API that is not there: it runs, ingests and answers over its socket.</summary>
    private Dictionary<string, string?> Service()
    {
        var settings = Environment();
        settings["Telegram__BotToken"] = "123456:dummy-token";
        settings["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9";
        settings["Ingestion__FileSettleTime"] = "00:00:00.200";
        settings["Logging__LogLevel__Default"] = "Information";
        return settings;
    }

    private void FillDisk()
    {
        SmallDisk.Fill(Filler);
        Assert.InRange(new DriveInfo(Mount).AvailableFreeSpace, 0, 64 * 1024);
    }
}
