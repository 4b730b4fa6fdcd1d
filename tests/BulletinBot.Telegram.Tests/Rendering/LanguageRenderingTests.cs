using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Text;
using BulletinBot.Telegram.Rendering;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.Rendering;

/// <summary>Replies worded in each language stay valid HTML within Telegram's 4,096 characters.</summary>
public sealed class LanguageRenderingTests
{
    public static TheoryData<string> Every => [.. Languages.All];

    [Theory]
    [MemberData(nameof(Every))]
    public void Help_stats_and_a_full_listing_fit_in_every_language(string language)
    {
        var cards = Enumerable.Range(1, 20).Select(i => new BulletinCard($"id{i:00000}", MarkedText.Plain(new string('t', 300)),
            new DateOnly(2018, 7, 11), null, "Embassy", MarkedText.Plain(new string('s', 1000)))).ToList();
        var replies = new Reply[]
        {
            new HelpReply(BotText.For(language).HelpIntro, CommandCatalog.All) { Language = language },
            new StatsReply(3, 1, new DateOnly(2018, 1, 1), new DateOnly(2018, 8, 9), [new Core.Storage.SourceCount("Embassy", 3)]) { Language = language },
            new ListReply(BotText.For(language).LatestHeading, cards, new ListPage(1, 20, 100, null, new ReplyAction(ReplyActionKind.NextPage, "1a2b3c4d")), []) { Language = language },
        };

        var messages = replies.SelectMany(ReplyRenderer.Render).ToList();

        Assert.All(messages, message =>
        {
            Assert.InRange(message.Html.Length, 1, Html.MaxMessageLength);
            Assert.Null(FakeBotMethods.CheckText(message.Html, "HTML"));
        });
    }

    [Fact]
    public void A_Spanish_stats_reply_writes_its_dates_in_Spanish()
    {
        var stats = new StatsReply(3, 1, new DateOnly(2018, 1, 18), new DateOnly(2018, 8, 9), []) { Language = "es" };

        var html = Assert.Single(ReplyRenderer.Render(stats)).Html;

        Assert.StartsWith("<b>3 noticias</b> del 18 de enero de 2018 al 9 de agosto de 2018 (1 sin fecha)", html, StringComparison.Ordinal);
    }
}
