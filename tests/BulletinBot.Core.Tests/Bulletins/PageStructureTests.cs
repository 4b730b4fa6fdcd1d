using BulletinBot.Core.Bulletins;
using static BulletinBot.Core.Tests.Bulletins.PageBuilder;

namespace BulletinBot.Core.Tests.Bulletins;

public sealed class PageStructureTests
{
    [Fact]
    public void First_line_is_the_source_of_every_item()
    {
        var page = BulletinParser.Parse(Page("Title one", "On May 2, 2020, one.", "Title two", "On May 1, 2020, two."));

        Assert.Equal("Test desk", page.Source);
        Assert.Equal(["Test desk", "Test desk"], page.Items.Select(i => i.Source));
    }

    [Fact]
    public void The_block_after_a_title_is_body_even_when_it_looks_like_a_title()
    {
        var page = BulletinParser.Parse(Page("Talks held in Havana", "Both sides met on May 2, 2020", "Second title", "On May 1, 2020, more."));

        Assert.Equal(["Talks held in Havana", "Second title"], page.Items.Select(i => i.Title));
        Assert.Equal(["Both sides met on May 2, 2020"], page.Items[0].Paragraphs);
    }

    [Fact]
    public void A_title_ending_in_an_abbreviation_starts_a_new_item()
    {
        var page = BulletinParser.Parse(Page(
            "First", "On May 2, 2020, one.", "Migration talks between Cuba and the United States held in Washington D.C.", "On May 1, 2020, two."));

        Assert.Equal(2, page.Items.Count);
        Assert.Equal("Migration talks between Cuba and the United States held in Washington D.C.", page.Items[1].Title);
    }

    [Theory]
    [InlineData("Cuba and Acme Inc.")]
    [InlineData("Visit of Martin Luther King Jr.")]
    [InlineData("Talks with the U.K.")]
    [InlineData("Cuba y los EE.UU.")]
    [InlineData("Talks in Washington D.C.\u201D")]
    [InlineData("Is Cuba ready for tourism")]
    [InlineData("“Quoted headline”")]
    public void Short_lines_without_a_final_sentence_stop_are_titles(string title) =>
        Assert.True(BulletinParser.LooksLikeTitle(title));

    [Theory]
    [InlineData("The meeting took place in an ambiance of respect.")]
    [InlineData("Was it worth it?")]
    [InlineData("Wonderful!")]
    [InlineData("The agenda was:")]
    [InlineData("They said “it is done.”")]
    [InlineData("On June 14, 2018, the Seventh Meeting was held in Washington, D.C.")]
    [InlineData("On June 14, 2018 the commission met in Washington")]
    [InlineData("El 19 de marzo de 2023 se reunieron")]
    [InlineData("Estocolmo, 7 de marzo de 2023- La embajada")]
    [InlineData("On Monday, January 22, 2018 talks began")]
    [InlineData("January 30 - February 2, 2018 talks")]
    public void Sentences_and_lines_opening_with_a_date_are_not_titles(string block) =>
        Assert.False(BulletinParser.LooksLikeTitle(block));

    [Fact]
    public void A_line_of_more_than_fifty_words_is_not_a_title()
    {
        var fifty = string.Join(' ', Enumerable.Repeat("word", 50));

        Assert.True(BulletinParser.LooksLikeTitle(fifty));
        Assert.False(BulletinParser.LooksLikeTitle(fifty + " word"));
    }

    [Fact]
    public void A_title_naming_a_date_later_in_the_line_is_still_a_title() =>
        Assert.True(BulletinParser.LooksLikeTitle("Cuba and the US meet on January 18 in Havana"));

    [Fact]
    public void A_date_opening_body_that_ends_in_an_abbreviation_stays_in_its_item()
    {
        var page = BulletinParser.Parse(Page(
            "Commission meets",
            "The commission met again.",
            "On June 14, 2018, the meeting was held in Washington, D.C.",
            "It ended well."));

        var item = Assert.Single(page.Items);
        Assert.Equal(3, item.Paragraphs.Count);
    }

    [Fact]
    public void A_title_like_last_line_is_body_because_nothing_follows_it()
    {
        var page = BulletinParser.Parse(Page("Only title", "On May 2, 2020, something.", "Signed by the embassy"));

        var item = Assert.Single(page.Items);
        Assert.Equal(["On May 2, 2020, something.", "Signed by the embassy"], item.Paragraphs);
    }

    [Fact]
    public void Single_newline_paragraphs_parse_like_blank_line_paragraphs()
    {
        string[] blocks = ["Title one", "On May 2, 2020, one.", "More on one.", "Title two", "On May 1, 2020, two."];
        var blank = BulletinParser.Parse(Page(blocks));
        var single = BulletinParser.Parse("Test desk\n" + string.Join('\n', blocks));

        Assert.Equal(2, blank.Items.Count);
        Assert.Equal(blank.Items, single.Items);
    }

    [Fact]
    public void Non_breaking_spaces_tabs_and_runs_of_spaces_are_folded_and_curly_quotes_kept()
    {
        var page = BulletinParser.Parse("\uFEFF\u00A0Test\u00A0desk \r\n\r\n\t“Cuba’s  talks”\u00A0\r\n\r\n  On May 2, 2020,\u00A0\u00A0it\u200B rained. \r\n");

        var item = Assert.Single(page.Items);
        Assert.Equal("Test desk", page.Source);
        Assert.Equal("“Cuba’s talks”", item.Title);
        Assert.Equal(["On May 2, 2020, it rained."], item.Paragraphs);
    }

    [Fact]
    public void A_first_item_title_that_looks_like_prose_is_used_with_a_warning()
    {
        var page = BulletinParser.Parse(Page("This reads like a sentence.", "On May 2, 2020, body."));

        Assert.Equal("This reads like a sentence.", Assert.Single(page.Items).Title);
        Assert.Contains(page.Warnings, w => w.Contains("does not look like a title", StringComparison.Ordinal));
    }

    [Fact]
    public void Items_that_collide_on_id_are_all_kept_with_distinct_ids_and_a_warning_per_repeat()
    {
        var page = BulletinParser.Parse(Page(
            "Same title", "On May 2, 2020, first copy.",
            "Same title", "On May 2, 2020, second copy.",
            "Same  TITLE", "On May 2, 2020, third copy."));

        Assert.Equal(3, page.Items.Count);
        Assert.Equal(3, page.Items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(BulletinId.Compute("Test desk", "Same title", new DateOnly(2020, 5, 2)), page.Items[0].Id);
        Assert.Equal(2, page.Warnings.Count(w => w.Contains("more than once", StringComparison.Ordinal)));
        Assert.Equal(page.Items.Select(i => i.Id), BulletinParser.Parse(Page(
            "Same title", "On May 2, 2020, first copy.",
            "Same title", "On May 2, 2020, second copy.",
            "Same  TITLE", "On May 2, 2020, third copy.")).Items.Select(i => i.Id));
    }

    [Fact]
    public void Same_title_on_different_dates_does_not_collide()
    {
        var page = BulletinParser.Parse(Page("Weekly briefing", "On May 9, 2020, one.", "Weekly briefing", "On May 2, 2020, two."));

        Assert.NotEqual(page.Items[0].Id, page.Items[1].Id);
        Assert.Empty(page.Warnings);
    }
}
