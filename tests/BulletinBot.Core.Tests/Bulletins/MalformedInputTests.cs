using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests.Bulletins;

public sealed class MalformedInputTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n\t\r\n \u00A0 \n", "empty")]
    [InlineData("Cuba in USA", "no item")]
    [InlineData("Cuba in USA\n\n\n", "no item")]
    [InlineData("Cuba in USA\n\nA lone title", "no item")]
    [InlineData("Cuba in USA\n\0\u0001binary\0", "binary")]
    public void Pages_that_are_not_bulletin_pages_throw_a_clear_format_exception(string text, string reason)
    {
        var error = Assert.Throws<BulletinFormatException>(() => BulletinParser.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_text_is_a_programming_error() =>
        Assert.Throws<ArgumentNullException>(() => BulletinParser.Parse(null!));

    [Fact]
    public void One_megabyte_on_one_line_has_no_header()
    {
        var line = string.Concat(Enumerable.Repeat("word 12 ", 1 << 17));

        var error = Assert.Throws<BulletinFormatException>(() => BulletinParser.Parse(line));

        Assert.Contains("no section header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_megabyte_body_paragraph_is_parsed_as_an_undated_item()
    {
        var body = string.Concat(Enumerable.Repeat("Some 12 people met in 2020 about marzo plans, 9 of them on May. ", 16_500));
        var page = BulletinParser.Parse("Desk\n\nTitle\n\n" + body);

        var item = Assert.Single(page.Items);
        Assert.Equal(body.Trim(), item.Paragraphs[0]);
        Assert.Null(item.Date);
        Assert.Single(page.Warnings);
    }

    [Fact]
    public void A_header_line_too_long_to_be_a_header_is_rejected()
    {
        var error = Assert.Throws<BulletinFormatException>(
            () => BulletinParser.Parse(new string('x', BulletinParser.MaxHeaderLength + 1) + "\n\nTitle\n\nBody."));

        Assert.Contains("no section header", error.Message, StringComparison.Ordinal);
    }
}
