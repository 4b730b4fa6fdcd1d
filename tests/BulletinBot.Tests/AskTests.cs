namespace BulletinBot.Tests;

/// <summary>"ask" end to end over a store the ingest filled from the real seeds: configuration, the host, the handler and the terminal rendering.</summary>
public sealed class AskTests : IDisposable, IAsyncLifetime
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    private string _firstIngest = string.Empty;

    public async Task InitializeAsync()
    {
        var (code, output, error) = await _host.RunAsync("", "ingest");
        Assert.True(code == 0, error);
        _firstIngest = output;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ask_latest_prints_the_Interpol_item_first()
    {
        var (code, output, _) = await _host.RunAsync("", "ask", "latest");

        Assert.Equal(0, code);
        var firstItem = output.Split('\n').First(line => line.Contains("2018-", StringComparison.Ordinal));
        Assert.Contains("2018-08-09  Cuba hands over a US citizen claimed by Interpol", firstItem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_search_migration_ranks_the_talks_first_with_the_word_marked()
    {
        var (code, output, _) = await _host.RunAsync("", "ask", "search migration");

        Assert.Equal(0, code);
        var firstItem = output.Split('\n').First(line => line.Contains("2018-", StringComparison.Ordinal));
        Assert.Contains("*Migration* talks between Cuba and the United States held in Washington D.C.", firstItem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_date_lists_the_three_January_items_newest_first()
    {
        var (code, output, _) = await _host.RunAsync("", "ask", "date 2018-01");

        Assert.Equal(0, code);
        var dates = output.Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^\w{7}\s+(2018-\d\d-\d\d)"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value);
        Assert.Equal(["2018-01-22", "2018-01-19", "2018-01-18"], dates);
        Assert.Contains("Showing 1-3 of 3.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_show_with_the_short_id_prints_the_full_text()
    {
        var (_, listing, _) = await _host.RunAsync("", "ask", "date 2018-06-14");
        var shortId = listing.Split('\n').Select(l => l.Split(' ')[0]).First(w => w.Length == 7);

        var (code, output, _) = await _host.RunAsync("", "ask", $"show {shortId}");

        Assert.Equal(0, code);
        Assert.Contains("Seventh Meeting of the Cuba-United States Bilateral Commission held in Washington D.C.", output, StringComparison.Ordinal);
        Assert.Contains("confirm potentials to move forward in other sectors.", output, StringComparison.Ordinal);
        Assert.Contains($"id {shortId}", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate", "search frobnicate")]
    [InlineData("date 2018-02-30", "not a real date")]
    [InlineData("search", "Search for what")]
    public async Task A_bad_command_exits_non_zero_with_a_helpful_message(string text, string expected)
    {
        var (code, output, error) = await _host.RunAsync("", "ask", text);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Words_that_look_like_options_or_response_files_stay_words()
    {
        var (code, output, _) = await _host.RunAsync("", "ask", "search", "@everyone");

        // Read as a response file, "@everyone" would fail before any search ran; an empty result is an answer.
        Assert.Equal(0, code);
        Assert.Contains("Nothing matches @everyone.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_only_reads_the_store_and_says_where_to_page_while_the_chat_still_pages()
    {
        // The first search makes the index beside the store, and records the store's identity in it once.
        await _host.RunAsync("", "ask", "search migration");
        var written = File.GetLastWriteTimeUtc(_host.StorePath);

        var (latestCode, latest, _) = await _host.RunAsync("", "ask", "latest 2");
        var (searchCode, search, _) = await _host.RunAsync("", "ask", "search cuba");
        var (nextCode, _, nextError) = await _host.RunAsync("", "ask", "next");

        Assert.Equal((0, 0, 1), (latestCode, searchCode, nextCode));
        Assert.Contains("Showing 1-2; there are more: page with next in the chat", latest, StringComparison.Ordinal);
        Assert.Contains("Showing 1-5 of", search, StringComparison.Ordinal);
        Assert.Contains("there are more", search, StringComparison.Ordinal);
        Assert.Contains("no next page", nextError, StringComparison.Ordinal);

        // No listing was remembered: the store file was not written, and no log of a write is left beside it.
        Assert.Equal(written, File.GetLastWriteTimeUtc(_host.StorePath));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_host.StorePath)!, "bulletins-log.db")));
        using (var database = Core.Storage.BulletinDatabase.Open(_host.StorePath))
        {
            Assert.Equal(0, database.Database.GetCollection("continuations").Count());
        }

        var (chatCode, chat, _) = await _host.RunAsync("latest 2\nnext\nquit\n");
        Assert.Equal(0, chatCode);
        Assert.Contains("Showing 3-4. Type next for more, previous to go back.", chat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_start_adds_nothing()
    {
        var (_, second, _) = await _host.RunAsync("", "ingest");

        Assert.Contains("8 new item(s)", _firstIngest, StringComparison.Ordinal);
        Assert.Contains("0 new item(s)", second, StringComparison.Ordinal);
        Assert.Contains("2 page(s) unchanged", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_bot_with_one_line_naming_it()
    {
        var settings = _host.Settings();
        settings["Storage:Path"] = "";

        var (code, _, error) = await HostFixture.RunAsync(settings, "", "ask", "latest");

        Assert.Equal(2, code);
        Assert.Contains("Storage:Path", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Ingest_explain_shows_how_a_page_was_read_and_stores_nothing()
    {
        var page = Path.Combine(_host.Folder, "page.txt");
        await File.WriteAllTextAsync(page, "Desk\n\nTalks held in Oslo\n\nOslo, March 7, 2023.- Delegations met.\n\nA \u001b[31mloud\u001b[0m title\n\nNo date is stated here.\n");

        var before = await File.ReadAllBytesAsync(_host.StorePath);

        var (code, output, _) = await HostFixture.RunAsync(_host.Settings(), "", "ingest", "--explain", page);

        Assert.Equal(0, code);
        Assert.Contains("TITLE", output, StringComparison.Ordinal);
        Assert.Contains("2023-03-07", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_host.StorePath));
    }
}
