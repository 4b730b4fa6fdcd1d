using BulletinBot.Core.Bulletins;
using System.Text;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Text;
using BulletinBot.Telegram.Rendering;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestText;

namespace BulletinBot.Telegram.Tests.Rendering;

/// <summary>Titles and teasers of emoji, flags, skin tones, ZWJ sequences and combining marks, cut by the renderer at every offset.</summary>
public sealed class GraphemeCutTests
{
    [Fact]
    public void Listings_items_and_errors_never_show_half_a_character_and_stay_valid()
    {
        foreach (var title in Graphemes.Shifted())
        {
            var card = new BulletinCard("k3j9x2a", MarkedText.Plain(title), new DateOnly(2018, 7, 11), null, title,
                new MarkedText([new TextSpan(title, false), new TextSpan("match", true), new TextSpan(title, false)]));
            var list = new ListReply(title, [card, card], new ListPage(1, 2, 2, null, null), [title]);
            var item = new BulletinItem("k3j9x2a", title, new DateOnly(2018, 7, 11), null, title, [title, string.Concat(Enumerable.Repeat(title + " ", 20))]);

            var html = ReplyRenderer.Render(list).Select(m => m.Html)
                .Concat(ReplyRenderer.Render(new ItemReply(item)).Select(m => m.Html))
                .Concat(ReplyRenderer.Render(new ErrorReply(title, title)).Select(m => m.Html));

            foreach (var message in html)
            {
                AssertWhole(message);
                Assert.True(message.Length <= Html.MaxMessageLength, $"{message.Length}");
                Assert.Null(FakeBotMethods.CheckText(message, "HTML"));
            }
        }
    }

    internal static void AssertWhole(string text)
    {
        Assert.False(TextCut.HasLoneSurrogate(text), "a lone surrogate");
        Graphemes.AssertNoBrokenPiece(text);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)));
    }
}
