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
        await using var chat = StartUnderUmask000();
        await chat.WaitForAsync("Type help", TimeSpan.FromSeconds(60));

        // The log holds what the start ingested until the chat closes the store.
        var modes = Files().ToDictionary(file => Path.GetFileName(file), file => File.Exists(file) ? File.GetUnixFileMode(file).ToString() : "missing");
        await chat.EndInputAsync("quit\n");
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

    private HostProcess StartUnderUmask000() =>
        HostProcess.Start(
            _host.Folder,
            new Dictionary<string, string?>
            {
                ["HOME"] = _host.Folder,
                ["Storage__Path"] = _host.StorePath,
                ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            },
            redirectInput: true,
            launcher: ["/bin/sh", "-c", "umask 000 && exec \"$@\"", "sh"]);
}
