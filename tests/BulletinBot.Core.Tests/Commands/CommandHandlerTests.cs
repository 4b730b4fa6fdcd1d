namespace BulletinBot.Core.Tests.Commands;

/// <summary>The acceptance questions of the foundation, asked of the real seeds through the real handler.</summary>
public sealed class CommandHandlerTests
{
    [Fact]
    public async Task Latest_starts_with_the_Interpol_item_of_2018_08_09()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.AskAsync("latest");

        Assert.Equal(ReplyKind.List, reply.Kind);
        Assert.Equal(5, reply.Cards.Count);
        Assert.Equal("Cuba hands over a US citizen claimed by Interpol", reply.Cards[0].Title.PlainText);
        Assert.Equal(new DateOnly(2018, 8, 9), reply.Cards[0].Date);
        Assert.Equal(reply.Cards.Select(c => c.Date).OrderDescending(), reply.Cards.Select(c => c.Date));
    }

    [Fact]
    public async Task Search_migration_ranks_the_migration_talks_first_and_marks_the_word()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.AskAsync("search migration");

        Assert.Equal("Migration talks between Cuba and the United States held in Washington D.C.", reply.Cards[0].Title.PlainText);
        Assert.Contains(reply.Cards[0].Title.Spans, s => s.Marked && s.Text.Equals("Migration", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(reply.Cards[0].Snippet!.Spans, s => s.Marked);
    }

    [Fact]
    public async Task Date_2018_01_lists_exactly_the_three_January_items_newest_first()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.AskAsync("date 2018-01");

        Assert.Equal(
            [new DateOnly(2018, 1, 22), new DateOnly(2018, 1, 19), new DateOnly(2018, 1, 18)],
            reply.Cards.Select(c => c.Date!.Value));
        Assert.Equal("Dated January 2018", reply.Heading);
        Assert.Equal(3, reply.Paging!.Total);
        Assert.False(reply.Paging.HasMore);
    }

    [Fact]
    public async Task Date_2018_06_14_gives_the_Bilateral_Commission_item()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.AskAsync("date 2018-06-14");

        Assert.Contains("Bilateral Commission", Assert.Single(reply.Cards).Title.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_with_a_short_id_gives_the_whole_text()
    {
        using var archive = await Archive.WithSeedsAsync();
        var listed = (await archive.AskAsync("date 2018-07-10")).Cards.Single();

        var reply = await archive.AskAsync($"show {listed.ShortId}");

        var card = Assert.Single(reply.Cards);
        Assert.Equal(ReplyKind.Item, reply.Kind);
        Assert.Equal(2, card.Paragraphs.Count);
        Assert.StartsWith("On July 10, 2018, a fourth meeting", card.Paragraphs[0], StringComparison.Ordinal);
        Assert.EndsWith("among others.", card.Paragraphs[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show zzzzzzz", "No item has the id")]
    [InlineData("show <b>hi</b>", "is not an item id")]
    [InlineData("date 2018-02-30", "2018-02-30")]
    [InlineData("date Foo 2018", "Foo 2018")]
    [InlineData("date 1999", "archive runs from 2018-01-18 to 2018-08-09")]
    [InlineData("search the of and", "search")]
    [InlineData("search", "search")]
    [InlineData("next", "nothing to continue")]
    public async Task Bad_or_empty_requests_get_a_clear_error(string text, string expected)
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.AskAsync(text);

        Assert.Equal(ReplyKind.Error, reply.Kind);
        Assert.Contains(expected, string.Join(" ", reply.Notes), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Next_pages_through_a_listing_without_gaps_or_repeats()
    {
        using var archive = await Archive.WithSeedsAsync();

        var first = await archive.AskAsync("latest 3");
        var second = await archive.AskAsync("next");
        var third = await archive.AskAsync("next");
        var after = await archive.AskAsync("next");

        var all = await archive.AskAsync("latest 20");
        Assert.Equal(
            all.Cards.Select(c => c.ShortId),
            first.Cards.Concat(second.Cards).Concat(third.Cards).Select(c => c.ShortId));
        Assert.Equal((1, 3), (first.Paging!.First, first.Paging.Last));
        Assert.Equal((7, 8, 8), (third.Paging!.First, third.Paging.Last, third.Paging.Total));
        Assert.False(third.Paging.HasMore);
        Assert.Equal(ReplyKind.Error, after.Kind);
    }

    [Fact]
    public async Task A_button_token_resumes_its_own_listing_and_only_in_its_own_chat()
    {
        using var archive = await Archive.WithSeedsAsync();
        var chat = new ChatContext("test", "1");
        var dated = await archive.AskAsync("date 2018", chat);
        await archive.AskAsync("latest 2", chat);

        var resumed = await archive.AskAsync($"next {dated.Paging!.NextToken}", chat);
        var elsewhere = await archive.AskAsync($"next {dated.Paging.NextToken}", new ChatContext("test", "2"));

        Assert.Equal("Dated 2018", resumed.Heading);
        Assert.Equal(6, resumed.Paging!.First);
        Assert.Equal(ReplyKind.Error, elsewhere.Kind);
    }

    [Fact]
    public async Task Next_resumes_a_listing_after_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bulletins-{Guid.NewGuid():N}.db");
        try
        {
            string[] firstPage;
            using (var archive = new Archive(path))
            {
                await archive.IngestAsync(TestData.SeedsFolder);
                firstPage = (await archive.AskAsync("latest 3")).Cards.Select(c => c.ShortId).ToArray();
            }

            using var restarted = new Archive(path);
            var next = await restarted.AskAsync("next");

            Assert.Equal(4, next.Paging!.First);
            Assert.Empty(next.Cards.Select(c => c.ShortId).Intersect(firstPage));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_listing_expires_after_a_day()
    {
        using var archive = await Archive.WithSeedsAsync();
        await archive.AskAsync("latest 2");

        archive.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(ReplyKind.Error, (await archive.AskAsync("next")).Kind);
    }

    [Fact]
    public async Task Latest_beyond_twenty_is_capped_and_says_so()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.AskAsync("latest 50");

        Assert.Equal(8, reply.Cards.Count);
        Assert.Contains(reply.Notes, n => n.Contains("20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stats_and_help_describe_the_archive_and_the_commands()
    {
        using var archive = await Archive.WithSeedsAsync();

        var stats = await archive.AskAsync("stats");
        var help = await archive.AskAsync("help");

        Assert.Contains("8 items from 1 source.", stats.Notes);
        Assert.Contains("Cuba in USA: 8", stats.Notes);
        Assert.Equal(
            ["latest [n]", "search <words>", "date <when>", "show <id>", "next", "stats", "help"],
            help.Help.Select(h => h.Usage));
    }

    [Fact]
    public async Task An_empty_archive_says_so()
    {
        using var archive = new Archive();

        var reply = await archive.AskAsync("latest");

        Assert.Equal(ReplyKind.Error, reply.Kind);
        Assert.Contains("empty", reply.Notes.Single(), StringComparison.Ordinal);
    }
}
