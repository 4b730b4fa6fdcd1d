using System.Diagnostics;

namespace BulletinBot.Tests;

/// <summary>The files beside a store are the owner's alone (0600), whatever the umask the program was started under.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [SkippableFact]
    public async Task Under_umask_000_the_store_its_log_lock_and_owner_files_are_0600_and_older_wider_files_are_narrowed()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes only.");
        await AssertModesWhileTheChatRunsAsync();

        // A store left by an older build, readable and writable by everyone.
        foreach (var file in Files().Where(File.Exists))
        {
            File.SetUnixFileMode(file, (UnixFileMode)0b110_110_110);
        }

        await AssertModesWhileTheChatRunsAsync();
    }

    private async Task AssertModesWhileTheChatRunsAsync()
    {
        using var chat = StartUnderUmask000();
        await WaitForAsync(chat, "Type help");

        // The log holds what the start ingested until the chat closes the store.
        var modes = Files().ToDictionary(file => Path.GetFileName(file), file => File.Exists(file) ? File.GetUnixFileMode(file).ToString() : "missing");
        await chat.StandardInput.WriteLineAsync("quit");
        await chat.StandardInput.FlushAsync();
        await chat.WaitForExitAsync();

        Assert.All(modes, mode => Assert.True(mode.Value == OwnerOnly.ToString(), $"{mode.Key}: {mode.Value}"));
    }

    private IEnumerable<string> Files() =>
    [
        _host.StorePath,
        Path.Combine(Path.GetDirectoryName(_host.StorePath)!, Path.GetFileNameWithoutExtension(_host.StorePath) + "-log" + Path.GetExtension(_host.StorePath)),
        _host.StorePath + ".lock",
        _host.StorePath + ".owner",
    ];

    private Process StartUnderUmask000()
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = _host.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("umask 000 && exec dotnet \"$0\"");
        start.ArgumentList.Add(BotProcess.Program);
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = _host.Folder;
        start.Environment["Storage__Path"] = _host.StorePath;
        start.Environment["Ingestion__SeedsPath"] = HostFixture.SeedsFolder;
        return Process.Start(start)!;
    }

    private static async Task WaitForAsync(Process process, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new System.Text.StringBuilder();
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The chat ended before \"{text}\": {seen} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
            seen.AppendLine(line);
        }
    }
}
