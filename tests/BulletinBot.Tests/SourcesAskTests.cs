namespace BulletinBot.Tests;

/// <summary>sources, source: and Bot:TimeZone through the command line, with the verbs' own settings checks.</summary>
public sealed class SourcesAskTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Ask_sources_names_each_source_with_its_items_and_last_read_in_the_bot_zone()
    {
        Assert.Equal(0, (await _host.RunAsync("", "ingest")).ExitCode);
        var settings = _host.Settings();
        settings["Bot:TimeZone"] = "UTC";

        var (code, output, error) = await HostFixture.RunAsync(settings, "", "ask", "sources");

        Assert.True(code == 0, error);
        Assert.Matches(@"seeds: \d+ items, last read \d{4}-\d\d-\d\d \d\d:\d\d UTC", output);
        Assert.Contains("source:seeds", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_with_an_unknown_source_is_one_line_naming_the_known_ones_and_exit_1()
    {
        Assert.Equal(0, (await _host.RunAsync("", "ingest")).ExitCode);

        var (code, _, error) = await _host.RunAsync("", "ask", "search talks source:nowhere");
        var narrowed = await _host.RunAsync("", "ask", "latest 2 source:seeds");

        Assert.Equal(1, code);
        Assert.Equal("No source is named \"nowhere\". Known sources: seeds (type sources to see them).", error.Trim());
        Assert.True(narrowed.ExitCode == 0, narrowed.Error);
        Assert.Contains("Latest (source seeds)", narrowed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_time_zone_stops_the_verb_with_one_line_and_exit_2()
    {
        var settings = _host.Settings();
        settings["Bot:TimeZone"] = "Mars/Olympus_Mons";

        var (code, output, error) = await HostFixture.RunAsync(settings, "", "ask", "latest");

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal(string.Empty, output);
        Assert.Contains("Bot:TimeZone \"Mars/Olympus_Mons\" is not a time zone", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Two_sources_with_one_name_stop_the_verb_with_one_line_naming_the_setting()
    {
        var settings = _host.Settings();
        settings["Ingestion:Sources:0:Url"] = "http://127.0.0.1:9/a";
        settings["Ingestion:Sources:0:ShortName"] = "news";
        settings["Ingestion:Sources:1:Url"] = "http://127.0.0.1:9/b";
        settings["Ingestion:Sources:1:ShortName"] = "News";

        var (code, _, error) = await HostFixture.RunAsync(settings, "", "ask", "latest");

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Contains("Ingestion:Sources:1:ShortName", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
