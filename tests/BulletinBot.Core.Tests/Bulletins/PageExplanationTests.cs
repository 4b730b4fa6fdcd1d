using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests.Bulletins;

public sealed class PageExplanationTests
{
    private const string Page = """
        Cuba in USA

        Talks held in Washington D.C.

        On July 11, 2018, talks were held.

        The meeting took place in an ambiance of respect.

        Tribute paid from the U.S.

        Americans met on June 21 at the embassy.

        A note without a date

        The embassy issued a note.
        """;

    [Fact]
    public void Every_block_has_a_role_and_a_reason()
    {
        var explanation = PageExplainer.Describe(Page);

        Assert.Equal("Cuba in USA", explanation.Source);
        Assert.Equal(
            [BlockRole.Header, BlockRole.Title, BlockRole.Body, BlockRole.Body, BlockRole.Title, BlockRole.Body, BlockRole.Title, BlockRole.Body],
            explanation.Blocks.Select(b => b.Role));
        Assert.All(explanation.Blocks, b => Assert.NotEmpty(b.Reasons));
        Assert.Contains(explanation.Blocks[3].Reasons, r => r.Contains("sentence", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_item_says_where_its_date_came_from()
    {
        var items = PageExplainer.Describe(Page).Items;

        Assert.Equal([DateOrigin.Stated, DateOrigin.YearInferred, DateOrigin.None], items.Select(i => i.Date.Origin));
        Assert.Contains("Talks held in Washington D.C.", items[1].Date.How, StringComparison.Ordinal);
        Assert.Contains("above", items[1].Date.How, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_rendering_names_titles_dates_and_origins()
    {
        var text = PageExplainer.Explain(Page);

        Assert.Contains("TITLE", text, StringComparison.Ordinal);
        Assert.Contains("2018-06-21", text, StringComparison.Ordinal);
        Assert.Contains("year inferred", text, StringComparison.Ordinal);
        Assert.Contains("undated", text, StringComparison.Ordinal);
        Assert.Contains("Warnings:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_that_is_no_page_is_explained_not_thrown()
    {
        var text = PageExplainer.Explain("");

        Assert.StartsWith("Not read as a bulletin page:", text, StringComparison.Ordinal);
    }
}
