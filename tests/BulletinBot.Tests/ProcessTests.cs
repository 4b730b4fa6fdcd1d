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
        var (code, output, error) = await HostProcess.RunAsync(
            _host.Folder,
            new Dictionary<string, string?> { ["Storage__Path"] = _host.StorePath, ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder },
            "ask", "latest", "2");

        Assert.True(code == 0, error);
        Assert.Contains("Cuba hands over a US citizen claimed by Interpol", output, StringComparison.Ordinal);
        Assert.Contains("Showing 1-2; there are more: page with next in the chat (BulletinBot with no verb).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version_and_touches_nothing()
    {
        var (code, output, _) = await HostProcess.RunAsync(
            _host.Folder, new Dictionary<string, string?> { ["Storage__Path"] = _host.StorePath }, "--version");

        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0", output.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(_host.StorePath));
    }
}
