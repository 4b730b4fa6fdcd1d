using System.Text.RegularExpressions;
using BulletinBot.Telegram.Rendering;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.Rendering;

public sealed class MessagePackerTests
{
    [Fact]
    public void Escaping_leaves_no_tag_or_bare_ampersand()
    {
        var html = Html.Bold("<b>Tom & Jerry</a> &amp;");

        Assert.Equal("<b>&lt;b&gt;Tom &amp; Jerry&lt;/a&gt; &amp;amp;</b>", html);
        Assert.True(TelegramHtml.TryParse(html, out var length, out _));
        Assert.Equal("<b>Tom & Jerry</a> &amp;".Length, length);
    }

    [Fact]
    public void Short_blocks_share_one_message()
    {
        var messages = MessagePacker.Pack([new HtmlBlock("Title", "<b>", "</b>"), new HtmlBlock("a & b")]);

        Assert.Equal("<b>Title</b>\n\na &amp; b", Assert.Single(messages));
    }

    [Fact]
    public void A_long_item_is_split_at_paragraph_boundaries_first()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(i => new HtmlBlock($"Paragraph {i}: " + new string('x', 900))).ToList();

        var messages = MessagePacker.Pack(paragraphs);

        Assert.True(messages.Count >= 3);
        Assert.All(messages, m => Assert.True(m.Length <= Html.MaxMessageLength));
        Assert.All(messages, m => Assert.StartsWith("Paragraph ", m, StringComparison.Ordinal));
        Assert.Equal(12, messages.Sum(m => Regex.Count(m, "Paragraph ")));
    }

    [Fact]
    public void A_paragraph_longer_than_a_message_is_cut_between_words_never_inside_a_tag_or_an_entity()
    {
        var words = string.Join(' ', Enumerable.Range(0, 3000).Select(i => i % 7 == 0 ? "<&>" : $"word{i}"));

        var messages = MessagePacker.Pack([new HtmlBlock(words, "<i>", "</i>")]);

        Assert.True(messages.Count > 1);
        foreach (var message in messages)
        {
            Assert.True(message.Length <= Html.MaxMessageLength, $"{message.Length} characters");
            Assert.True(TelegramHtml.TryParse(message, out _, out var error), error);
        }

        var text = string.Join(' ', messages.Select(m => m[3..^4].Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)));
        Assert.Equal(words, text);
    }

    [Fact]
    public void Text_without_spaces_is_still_cut_within_the_limit()
    {
        var messages = MessagePacker.Pack([new HtmlBlock(new string('&', 5000))]);

        Assert.All(messages, m => Assert.True(m.Length <= Html.MaxMessageLength && TelegramHtml.TryParse(m, out _, out _)));
        Assert.Equal(5000, messages.Sum(m => Regex.Count(m, "&amp;")));
    }
}
