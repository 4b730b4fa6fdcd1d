namespace BulletinBot.Tests;

/// <summary>Values that do not convert to their setting's type: one line naming each, exit 2, under every verb that reads them.</summary>
public sealed class SettingsConversionTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>The settings with a platform token, so that run composes the platforms, the announcements and the web sources.</summary>
    private Dictionary<string, string?> ServiceSettings()
    {
        var settings = _host.Settings();
        settings["Telegram:BotToken"] = "123456:dummy-token";
        settings["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9";
        return settings;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        // A setting that slipped through would start the service; the deadline turns that into a failure, not a hang.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BotCli.RunAsync(args, new StringReader(string.Empty), output, error, settings, deadline.Token);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("Ingestion:RescanInterval", "abc", "ask latest")]
    [InlineData("Ingestion:RescanInterval", "5m", "run")]
    [InlineData("Ingestion:RescanInterval", "5m", "")]
    [InlineData("Ingestion:FileSettleTime", "xyz", "ingest")]
    [InlineData("Ingestion:FileSettleTime", "xyz", "health")]
    [InlineData("Ingestion:Sources:0:Kind", "Rss", "run")]
    [InlineData("Ingestion:Sources:0:Interval", "banana", "run")]
    [InlineData("Telegram:PollTimeoutSeconds", "abc", "run")]
    [InlineData("Announcements:DigestThreshold", "abc", "run")]
    [InlineData("Conversation:CommandsPerMinute", "many", "ask stats")]
    public async Task A_value_that_does_not_convert_is_one_line_naming_the_setting_and_exit_2(string key, string value, string command)
    {
        var settings = ServiceSettings();
        settings["Ingestion:Sources:0:Url"] = "http://127.0.0.1:9/feed";
        settings[key] = value;

        var (code, output, error) = await RunAsync(settings, command.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("Configuration error: ", error, StringComparison.Ordinal);
        Assert.Contains($"{key} is \"{value}\"", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Bad_values_in_several_sections_are_named_together_in_one_line()
    {
        var settings = ServiceSettings();
        settings["Ingestion:RescanInterval"] = "abc";
        settings["Ingestion:FileSettleTime"] = "xyz";
        settings["Telegram:PollTimeoutSeconds"] = "abc";
        settings["Announcements:DigestThreshold"] = "abc";
        settings["Ingestion:Sources:0:Url"] = "http://127.0.0.1:9/feed";
        settings["Ingestion:Sources:0:Interval"] = "banana";

        var (code, _, error) = await RunAsync(settings, "run");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        foreach (var key in new[] { "Ingestion:RescanInterval", "Ingestion:FileSettleTime", "Telegram:PollTimeoutSeconds", "Announcements:DigestThreshold", "Ingestion:Sources:0:Interval" })
        {
            Assert.Contains(key, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_value_where_a_source_entry_belongs_is_named_not_an_index_error()
    {
        var settings = ServiceSettings();
        settings["Ingestion:Sources:0"] = "foo";

        var (code, _, error) = await RunAsync(settings, "run");

        Assert.Equal(2, code);
        Assert.Equal(
            "Configuration error: Ingestion:Sources:0 is \"foo\", which is not a group of settings; set its parts instead (e.g. Ingestion:Sources:0:Url).",
            error.Trim());
    }

    [Fact]
    public async Task Values_that_convert_start_the_verb_as_before()
    {
        var settings = _host.Settings();
        settings["Ingestion:RescanInterval"] = "00:05:00";
        settings["Ingestion:FileSettleTime"] = "00:00:01";
        settings["Conversation:CommandsPerMinute"] = "30";

        var (code, output, error) = await RunAsync(settings, "ingest");

        Assert.True(code == 0, error);
        Assert.Contains("8 new item(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_device_as_the_store_is_one_storage_line_and_exit_3()
    {
        var settings = _host.Settings();
        settings["Storage:Path"] = "/dev/null";
        var modeBefore = File.GetUnixFileMode("/dev/null");
        var lockBefore = File.Exists("/dev/null.lock");

        var (code, _, error) = await RunAsync(settings, "ingest");

        // The device is refused before it is opened: its mode is not narrowed to the owner's (as root that took it from everyone).
        Assert.Equal(modeBefore, File.GetUnixFileMode("/dev/null"));
        Assert.Equal(lockBefore, File.Exists("/dev/null.lock"));
        Assert.Equal(3, code);
        Assert.StartsWith("Storage error: /dev/null cannot be used as a store", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task The_real_program_says_it_in_one_line_with_exit_2()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            ["Ingestion__RescanInterval"] = "5m",
        };

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, "ask", "latest");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("Configuration error: Ingestion:RescanInterval is \"5m\", which is not a duration (d.hh:mm:ss, e.g. 00:05:00 for five minutes).", error.Trim());
    }
}
