using BulletinBot.TestServers;

namespace BulletinBot.Tests;

/// <summary>
/// The web sources of Ingestion:Sources are read by every verb that reads sources, not only by a bot with a platform:
/// ingest stores a listing page's items, and says in one line which source it could not reach.
/// </summary>
public sealed class WebSourceVerbTests : IDisposable
{
    private const string Listing = """
        <!DOCTYPE html>
        <html><head><title>Embassy</title></head><body>
        <h1 class="page-title">Harbour desk</h1>
        <div class="view-content">
          <div class="views-row">
            <div class="views-field views-field-title"><span class="field-content"><a href="/news/harbour-2">Harbour works reach the second stage</a></span></div>
            <div class="views-field views-field-created"><span class="date-display-single">March 2, 2030</span></div>
            <div class="views-field views-field-body"><div class="field-content"><p>The works on the old harbour reached their second stage.</p></div></div>
          </div>
          <div class="views-row">
            <div class="views-field views-field-title"><span class="field-content"><a href="/news/lighthouse">Lighthouse restored on the eastern pier</a></span></div>
            <div class="views-field views-field-created"><span class="date-display-single">March 1, 2030</span></div>
            <div class="views-field views-field-body"><div class="field-content"><p>The lighthouse of the eastern pier shines again.</p></div></div>
          </div>
        </div></body></html>
        """;

    private readonly HostFixture _host = new();
    private readonly LoopbackServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _host.Dispose();
    }

    private string ServeListing()
    {
        _server.Answer = _ => (200, Listing, null, "text/html; charset=utf-8");
        return _server.Address + "news";
    }

    [Fact]
    public async Task Ingest_reads_a_configured_listing_page_and_stores_its_items()
    {
        var settings = _host.Settings();
        settings["Ingestion:Sources:0:Url"] = ServeListing();
        settings["Ingestion:Sources:0:Kind"] = "Html";

        var (code, output, error) = await HostFixture.RunAsync(settings, "", "ingest");

        Assert.True(code == 0, $"{output} {error}");
        Assert.True(_server.RequestCount >= 1, "the listing page was never requested");
        Assert.Contains("0 page(s) skipped", output, StringComparison.Ordinal);
        var (askCode, answer, _) = await HostFixture.RunAsync(settings, "", "ask", "date 2030-03");
        Assert.Equal(0, askCode);
        Assert.Contains("Harbour works reach the second stage", answer, StringComparison.Ordinal);
        Assert.Contains("Lighthouse restored on the eastern pier", answer, StringComparison.Ordinal);
        Assert.Contains("2030-03-02", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_with_a_source_it_cannot_reach_names_it_in_one_line_stores_the_rest_and_exits_1()
    {
        var dead = $"http://127.0.0.1:{LoopbackServer.ClosedPort()}/feed";
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            ["Ingestion__Sources__0__Url"] = dead,
            ["Ingestion__Sources__0__Kind"] = "Feed",
        };

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, "ingest");

        Assert.True(code == 1, $"exit {code}: {output} {error}");
        var line = Assert.Single((output + error).Split('\n'), l => l.Contains(dead, StringComparison.Ordinal));
        Assert.Contains("could not be read (Connection refused", line, StringComparison.Ordinal);
        Assert.True(line.Length < 400, line);
        Assert.DoesNotContain(" at System.Net.Http", error, StringComparison.Ordinal);
        Assert.Matches(@"\d+ page\(s\) read: [1-9]\d* new item\(s\)", output);
        Assert.Contains("1 page(s) skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_terminal_chat_reads_the_configured_listing_page_too()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            ["Ingestion__Sources__0__Url"] = ServeListing(),
            ["Ingestion__Sources__0__Kind"] = "Html",
        };

        using var chat = HostProcess.Start(_host.Folder, environment, redirectInput: true);
        await chat.WaitForAsync("Type help", TimeSpan.FromSeconds(60));
        await chat.EndInputAsync("date 2030-03\nquit\n");
        var code = await chat.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == 0, $"exit {code}: {chat.Output} {chat.Error}");
        Assert.True(_server.RequestCount >= 1, "the listing page was never requested");
        Assert.Contains("0 page(s) skipped", chat.Output, StringComparison.Ordinal);
        Assert.Contains("Harbour works reach the second stage", chat.Output, StringComparison.Ordinal);
    }
}
