using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Search.Query;
using CsCheck;

namespace BulletinBot.Core.Tests.Fuzzing;

/// <summary>Every parser a user's text reaches answers or reports a format problem; none throws anything else.</summary>
public sealed class ParserFuzzTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void The_page_parser_only_ever_throws_its_format_exception() =>
        FuzzInput.Text.Sample(text =>
        {
            try
            {
                var page = BulletinParser.Parse(text);
                Assert.NotEmpty(page.Items);
                Assert.All(page.Items, item => Assert.NotEmpty(item.Paragraphs));
            }
            catch (BulletinFormatException)
            {
                // A text that is no page is reported, not a crash.
            }
        }, iter: FuzzInput.Iterations);

    [Fact]
    [Trait("Category", "Slow")]
    public void The_page_explainer_never_throws() =>
        FuzzInput.Text.Sample(text => Assert.NotEmpty(PageExplainer.Explain(text)), iter: FuzzInput.Iterations);

    [Fact]
    public void The_when_parser_never_throws() =>
        FuzzInput.Text.Sample(text => { _ = WhenParser.Parse(text, new DateOnly(2026, 1, 1)); }, iter: FuzzInput.Iterations);

    [Fact]
    public void Item_date_extraction_never_throws_and_finds_only_real_days() =>
        FuzzInput.Text.Sample(text =>
        {
            if (DateMentions.FindFirst(text) is { } found)
            {
                Assert.True(found.Mention.HasYear ? found.Mention.Resolve() is not null : found.Mention.IsPossibleDay);
                _ = ItemDating.InferYear(found.Mention, new DateOnly(2018, 1, 1), new DateOnly(2017, 12, 1));
            }
        }, iter: FuzzInput.Iterations);

    [Fact]
    public void The_query_parser_never_throws() =>
        FuzzInput.Text.Sample(text => { _ = SearchQueryParser.Parse(text); }, iter: FuzzInput.Iterations);
}
