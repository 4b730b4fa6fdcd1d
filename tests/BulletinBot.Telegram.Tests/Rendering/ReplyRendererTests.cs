using BulletinBot.Core.Text;
using System.Text;
using BulletinBot.Core.Commands;
using BulletinBot.Telegram.Rendering;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.Rendering;

public sealed class ReplyRendererTests
{
    private static BulletinCard Card(int i, string snippet) => new($"id{i:00000}",
        MarkedText.Plain($"Title {i} <with> & tags"), new DateOnly(2018, 7, 11), null, "Source & co",
        new MarkedText([new TextSpan("before ", false), new TextSpan("match", true), new TextSpan(" " + snippet, false)]));

    [Fact]
    public void A_full_page_of_long_cards_fits_one_valid_message_with_its_buttons()
    {
        var cards = Enumerable.Range(1, 20).Select(i => Card(i, new string('&', 1000))).ToList();
        var list = new ListReply(new string('<', 5000), cards,
            new ListPage(1, 20, 100, new ReplyAction(ReplyActionKind.PreviousPage, "1a2b3c4d"), new ReplyAction(ReplyActionKind.NextPage, "1a2b3c4e")), ["a note & more"]);

        var message = Assert.Single(ReplyRenderer.Render(list));

        Assert.True(message.Html.Length <= Html.MaxMessageLength, $"{message.Html.Length}");
        Assert.Null(FakeBotMethods.CheckText(message.Html, "HTML"));
        Assert.Contains("<b>match</b>", message.Html, StringComparison.Ordinal);
        var data = message.Keyboard!.InlineKeyboard.SelectMany(row => row).Select(b => b.CallbackData!).ToList();
        Assert.Contains("show id00020", data);
        Assert.Contains("next 1a2b3c4e", data);
        Assert.Contains("previous 1a2b3c4d", data);
        Assert.All(data, d => Assert.InRange(Encoding.UTF8.GetByteCount(d), 1, 64));
    }

    [Fact]
    public void Errors_help_and_stats_are_escaped()
    {
        var error = Assert.Single(ReplyRenderer.Render(new ErrorReply("No results for <b>&</a>", "Try <fewer> words")));
        var stats = Assert.Single(ReplyRenderer.Render(new StatsReply(3, 1, new DateOnly(2018, 1, 1), new DateOnly(2018, 8, 9),
            [new Core.Storage.SourceCount("A & <B>", 3)])));
        var help = ReplyRenderer.Render(new HelpReply("Commands <all>", CommandCatalog.All));

        Assert.Contains("No results for &lt;b&gt;&amp;&lt;/a&gt;", error.Html, StringComparison.Ordinal);
        Assert.Contains("A &amp; &lt;B&gt;: 3", stats.Html, StringComparison.Ordinal);
        Assert.All(help, m => Assert.Null(FakeBotMethods.CheckText(m.Html, "HTML")));
        Assert.Contains("/search &lt;query&gt;", help[0].Html, StringComparison.Ordinal);
    }
}
