using System.Diagnostics;

namespace BulletinBot.Tests;

/// <summary>The built program as a separate process, configured by environment variables only.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Ask_latest_as_a_process_reads_its_settings_from_the_environment()
    {
        Assert.Equal(0, (await _host.RunAsync("", "ingest")).ExitCode);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "BulletinBot.dll"), "ask", "latest", "2" },
            WorkingDirectory = _host.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Storage__Path"] = _host.StorePath;
        start.Environment["Ingestion__SeedsPath"] = HostFixture.SeedsFolder;

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, error);
        Assert.Contains("Cuba hands over a US citizen claimed by Interpol", output, StringComparison.Ordinal);
        Assert.Contains("Showing 1-2; there are more: page with next in the chat (BulletinBot with no verb).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version_and_touches_nothing()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "BulletinBot.dll"), "--version" },
            WorkingDirectory = _host.Folder,
            RedirectStandardOutput = true,
        };
        start.Environment["Storage__Path"] = _host.StorePath;

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("0.1.0", output.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(_host.StorePath));
    }
}
