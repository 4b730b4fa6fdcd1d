namespace BulletinBot.Tests;

/// <summary>The one-shot verbs' own composition (no Generic Host), proven on the real program as a child process.</summary>
public sealed class OneShotTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Ask_reads_appsettings_then_the_environment_which_wins_and_logs_nothing_at_information()
    {
        // appsettings.json names another store and lets everything log; the environment wins for the store,
        // and an ask, read by a person, still logs only problems.
        await File.WriteAllTextAsync(
            Path.Combine(_host.Folder, "appsettings.json"),
            """{ "Storage": { "Path": "elsewhere/other.db" }, "Logging": { "LogLevel": { "Default": "Information" } } }""");
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
        };
        Assert.Equal(0, (await _host.RunAsync("", "ingest")).ExitCode);

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, "ask", "latest", "2");

        Assert.True(code == 0, error);
        Assert.Contains("Cuba hands over a US citizen claimed by Interpol", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
        Assert.False(Directory.Exists(Path.Combine(_host.Folder, "elsewhere")));
    }

    [Theory]
    [InlineData("ask latest")]
    [InlineData("health")]
    public async Task Bad_settings_in_two_sections_stop_a_one_shot_with_one_line_naming_both(string command)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = "",
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            ["Conversation__CommandsPerMinute"] = "0",
        };

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, command.Split(' '));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("Configuration error: ", error, StringComparison.Ordinal);
        Assert.Contains("Storage:Path", error, StringComparison.Ordinal);
        Assert.Contains("CommandsPerMinute", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Health_without_a_running_bot_checks_the_store_alone_and_says_so()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
        };
        Assert.Equal(0, (await HostProcess.RunAsync(_host.Folder, environment, "ingest")).ExitCode);

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, "health");

        Assert.Equal(1, code);
        Assert.Matches(@"^store: ok, \d+ items\nbot: not running on this store\n?$", output.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, error);
    }
}
