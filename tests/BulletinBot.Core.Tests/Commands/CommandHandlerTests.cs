using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Tests.Commands;

/// <summary>The acceptance questions of the foundation, asked of the real seeds through the real handler.</summary>
public sealed class CommandHandlerTests
{
    [Fact]
    public async Task Latest_starts_with_the_Interpol_item_of_2018_08_09()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.ListAsync("latest");

        Assert.Equal(5, reply.Cards.Count);
        Assert.Equal("Cuba hands over a US citizen claimed by Interpol", reply.Cards[0].Title.PlainText);
        Assert.Equal(new DateOnly(2018, 8, 9), reply.Cards[0].Date);
        Assert.Equal(reply.Cards.Select(c => c.Date).OrderDescending(), reply.Cards.Select(c => c.Date));
    }

    [Fact]
    public async Task Search_migration_ranks_the_migration_talks_first_and_marks_the_word()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.ListAsync("search migration");

        Assert.Equal("Migration talks between Cuba and the United States held in Washington D.C.", reply.Cards[0].Title.PlainText);
        Assert.Contains(reply.Cards[0].Title.Spans, s => s.Marked && s.Text.Equals("Migration", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(reply.Cards[0].Snippet.Spans, s => s.Marked);
    }

    [Fact]
    public async Task Date_2018_01_lists_exactly_the_three_January_items_newest_first()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.ListAsync("date 2018-01");

        Assert.Equal(
            [new DateOnly(2018, 1, 22), new DateOnly(2018, 1, 19), new DateOnly(2018, 1, 18)],
            reply.Cards.Select(c => c.Date!.Value));
        Assert.Equal("Dated January 2018", reply.Heading);
        Assert.Equal(3, reply.Page.Total);
        Assert.Null(reply.Page.Next);
    }

    [Fact]
    public async Task Date_2018_06_14_gives_the_Bilateral_Commission_item()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.ListAsync("date 2018-06-14");

        Assert.Contains("Bilateral Commission", Assert.Single(reply.Cards).Title.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_with_a_short_id_gives_the_whole_text()
    {
        using var archive = await Archive.WithSeedsAsync();
        var listed = (await archive.ListAsync("date 2018-07-10")).Cards.Single();

        var item = Assert.IsType<ItemReply>(await archive.AskAsync(listed.Show.CommandText)).Item;

        Assert.Equal(listed.ShortId, item.ShortId);
        Assert.Equal(2, item.Paragraphs.Count);
        Assert.StartsWith("On July 10, 2018, a fourth meeting", item.Paragraphs[0], StringComparison.Ordinal);
        Assert.EndsWith("among others.", item.Paragraphs[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show zzzzzzz", "No item has the id")]
    [InlineData("show <b>hi</b>", "is not an item id")]
    [InlineData("date 2018-02-30", "2018-02-30")]
    [InlineData("date Foo 2018", "Foo 2018")]
    [InlineData("date 1999", "archive runs from 2018-01-18 to 2018-08-09")]
    [InlineData("search the of and", "too common")]
    [InlineData("search", "search")]
    [InlineData("next", "nothing to continue")]
    [InlineData("previous", "no page before")]
    [InlineData("next 0a1b2c3d", "expired")]
    public async Task Bad_or_empty_requests_get_a_clear_error(string text, string expected)
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = Assert.IsType<ErrorReply>(await archive.AskAsync(text));

        Assert.Contains(expected, reply.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Next_pages_through_a_listing_without_gaps_or_repeats_and_previous_goes_back()
    {
        using var archive = await Archive.WithSeedsAsync();

        var first = await archive.ListAsync("latest 3");
        var second = await archive.ListAsync("next");
        var third = await archive.ListAsync("next");
        var after = await archive.AskAsync("next");
        var back = await archive.ListAsync(third.Page.Previous!.CommandText);

        var all = await archive.ListAsync("latest 20");
        Assert.Equal(
            all.Cards.Select(c => c.ShortId),
            first.Cards.Concat(second.Cards).Concat(third.Cards).Select(c => c.ShortId));
        Assert.Equal((1, 3), (first.Page.First, first.Page.Last));
        Assert.Null(first.Page.Previous);
        Assert.Equal((7, 8, 8), (third.Page.First, third.Page.Last, third.Page.Total));
        Assert.Null(third.Page.Next);
        Assert.IsType<ErrorReply>(after);
        Assert.Equal(second.Cards.Select(c => c.ShortId), back.Cards.Select(c => c.ShortId));
        Assert.Equal(4, back.Page.First);
    }

    [Fact]
    public async Task A_button_token_resumes_its_own_listing_and_only_in_its_own_chat()
    {
        using var archive = await Archive.WithSeedsAsync();
        var chat = new ChatContext("test", "1");
        var dated = await archive.ListAsync("date 2018", chat);
        await archive.AskAsync("latest 2", chat);

        var resumed = await archive.ListAsync(dated.Page.Next!.CommandText, chat);
        var elsewhere = await archive.AskAsync(dated.Page.Next.CommandText, new ChatContext("test", "2"));

        Assert.Equal("Dated 2018", resumed.Heading);
        Assert.Equal(6, resumed.Page.First);
        Assert.Contains("expired", Assert.IsType<ErrorReply>(elsewhere).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_texts_fit_a_telegram_callback_and_parse_back()
    {
        using var archive = await Archive.WithSeedsAsync();
        var list = await archive.ListAsync("search cuba");
        var second = await archive.ListAsync(list.Page.Next!.CommandText);

        ReplyAction[] actions = [list.Page.Next, second.Page.Previous!, .. list.Cards.Select(c => c.Show)];
        Assert.All(actions, a => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(a.CommandText), 1, 64));
        Assert.All(actions, a => Assert.IsNotType<InvalidCommand>(CommandParser.Parse(a.CommandText)));
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
                firstPage = (await archive.ListAsync("latest 3")).Cards.Select(c => c.ShortId).ToArray();
            }

            using var restarted = new Archive(path);
            var next = await restarted.ListAsync("next");

            Assert.Equal(4, next.Page.First);
            Assert.Empty(next.Cards.Select(c => c.ShortId).Intersect(firstPage));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_one_shot_question_writes_no_listing_says_more_follow_and_cannot_page()
    {
        using var archive = await Archive.WithSeedsAsync();
        var rows = archive.Database.Database.GetCollection(BulletinDatabase.Continuations);

        var latest = await archive.ListAsync("latest 3", ChatContext.OneShot);
        var dated = await archive.ListAsync("date 2018-01", ChatContext.OneShot);
        var search = await archive.ListAsync("search cuba", ChatContext.OneShot);
        var next = Assert.IsType<ErrorReply>(await archive.AskAsync("next", ChatContext.OneShot));

        Assert.Equal(0, rows.Count());
        Assert.Equal((1, 3, true, null), (latest.Page.First, latest.Page.Last, latest.Page.More, latest.Page.Next));
        Assert.Equal((3, false), (dated.Page.Total, dated.Page.More));
        Assert.True(search.Page.More);
        Assert.Null(search.Page.Next);
        Assert.Contains("no next page", next.Problem, StringComparison.Ordinal);

        // The terminal chat itself still pages.
        Assert.Equal(4, (await archive.ListAsync((await archive.ListAsync("latest 3")).Page.Next!.CommandText)).Page.First);
    }

    [Fact]
    public async Task A_listing_expires_after_a_day()
    {
        using var archive = await Archive.WithSeedsAsync();
        await archive.AskAsync("latest 2");

        archive.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.IsType<ErrorReply>(await archive.AskAsync("next"));
    }

    [Fact]
    public async Task Latest_beyond_twenty_is_capped_at_twenty_on_a_larger_archive_and_says_so()
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch(Enumerable.Range(1, 30).Select(i => TestData.Item($"Item {i}", TestData.Day(2020, 1, i))).ToList());

        var reply = await archive.ListAsync("latest 50");
        var rest = await archive.ListAsync("next");

        Assert.Equal(20, reply.Cards.Count);
        Assert.Equal("Item 30", reply.Cards[0].Title.PlainText);
        Assert.Contains(reply.Notes, n => n.Contains("20", StringComparison.Ordinal));
        Assert.Equal(10, rest.Cards.Count);
        Assert.Equal((21, 30, 30), (rest.Page.First, rest.Page.Last, rest.Page.Total));
    }

    [Fact]
    public async Task Stats_are_numbers_and_help_lists_the_catalog()
    {
        using var archive = await Archive.WithSeedsAsync();

        var stats = Assert.IsType<StatsReply>(await archive.AskAsync("stats"));
        var help = Assert.IsType<HelpReply>(await archive.AskAsync("help"));
        var one = Assert.IsType<HelpReply>(await archive.AskAsync("ayuda buscar"));

        Assert.Equal((8, 0), (stats.Total, stats.Undated));
        Assert.Equal((new DateOnly(2018, 1, 18), new DateOnly(2018, 8, 9)), (stats.Oldest, stats.Newest));
        Assert.Equal([new SourceCount("Cuba in USA", 8)], stats.Sources);
        Assert.Equal(CommandCatalog.All.Where(c => c.ListedInMenus).Select(c => c.Name), help.Commands.Select(h => h.Name));
        Assert.Equal("search", Assert.Single(one.Commands).Name);
    }

    [Fact]
    public async Task An_empty_archive_says_so()
    {
        using var archive = new Archive();

        var reply = Assert.IsType<ErrorReply>(await archive.AskAsync("latest"));

        Assert.Contains("empty", reply.Problem, StringComparison.Ordinal);
    }
}
