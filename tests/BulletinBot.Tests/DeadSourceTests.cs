using BulletinBot.TestServers;

namespace BulletinBot.Tests;

/// <summary>A web source that cannot be reached, beside one that can, in the running bot (a child process).</summary>
public sealed class DeadSourceTests : IDisposable
{
    private const string Feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Harbour news</title><link>http://example.org/</link><description>News</description>
        <item><title>Harbour works reach the second stage</title><link>http://example.org/harbour-2</link><description>&lt;p&gt;The works reached stage two.&lt;/p&gt;</description><pubDate>Sat, 02 Mar 2030 10:00:00 +0000</pubDate></item>
        </channel></rss>
        """;

    private readonly HostFixture _host = new();
    private readonly LoopbackServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _host.Dispose();
    }

    private string ServeFeed()
    {
        _server.Answer = _ => (200, Feed, null, "application/rss+xml; charset=utf-8");
        return _server.Address + "feed";
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_dead_source_is_one_line_a_round_from_the_bot_with_no_stack_trace_and_the_others_go_on()
    {
        var dead = $"http://127.0.0.1:{LoopbackServer.ClosedPort()}/feed";
        var live = ServeFeed();
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            ["Telegram__BotToken"] = "123456:dummy-token",
            ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9",
            ["Logging__LogLevel__Default"] = "Information",
            ["Ingestion__Sources__0__Url"] = dead,
            ["Ingestion__Sources__0__Kind"] = "Feed",
            ["Ingestion__Sources__1__Url"] = live,
            ["Ingestion__Sources__1__Kind"] = "Feed",
        };

        using var bot = HostProcess.Start(_host.Folder, environment, redirectInput: true);
        await bot.WaitForAsync("next try at", TimeSpan.FromSeconds(60));
        await bot.WaitForAsync($"Ingested {live}", TimeSpan.FromSeconds(60));
        bot.Terminate();
        await bot.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var all = bot.Output + bot.Error;
        var line = Assert.Single(all.Split('\n'), l => l.Contains(dead, StringComparison.Ordinal));
        Assert.Contains("could not be read (Connection refused", line, StringComparison.Ordinal);
        Assert.Matches(@"next try at \d\d:\d\d:\d\d UTC, in \d+ s", line);
        Assert.True(line.Length < 400, line);
        Assert.DoesNotContain("Polly", all, StringComparison.Ordinal);
        Assert.DoesNotContain(" at System.Net.Http", all, StringComparison.Ordinal);
        Assert.DoesNotContain("SourceFailedException", all, StringComparison.Ordinal);
    }
}
