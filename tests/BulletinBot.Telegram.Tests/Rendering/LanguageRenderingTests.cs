using BulletinBot.Core.Announcing;
using AnnouncementDelivery = BulletinBot.Core.Announcing.Delivery;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Text;
using BulletinBot.Telegram.Delivery;
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

    [Theory]
    [MemberData(nameof(Every))]
    public void An_announcement_and_a_digest_fit_in_every_language(string language)
    {
        var target = new DeliveryTarget("telegram", "-100");
        var items = Enumerable.Range(1, 20).Select(i => new BulletinItem(
            $"k{i:000000}", new string('T', 400), new DateOnly(2018, 9, 30), new DateOnly(2018, 12, 31), "Embassy", [new string('b', 3000), new string('c', 3000)])).ToList();

        var messages = TelegramChatChannel.Render(new AnnouncementDelivery(target, "k", items, language))
            .Concat(TelegramChatChannel.Render(new AnnouncementDelivery(target, "k", items[..1], language)))
            .ToList();

        Assert.All(messages, html =>
        {
            Assert.InRange(html.Length, 1, Html.MaxMessageLength);
            Assert.Null(FakeBotMethods.CheckText(html, "HTML"));
        });
    }

    [Fact]
    public void An_announcement_to_a_Spanish_target_writes_its_words_and_dates_in_Spanish_and_to_an_English_one_as_before()
    {
        var target = new DeliveryTarget("telegram", "-100");
        var item = new BulletinItem("k3j9x2a", "Talks", new DateOnly(2018, 7, 11), new DateOnly(2018, 7, 12), "Embassy", ["Body."]);

        var spanishCard = Assert.Single(TelegramChatChannel.Render(new AnnouncementDelivery(target, "k", [item], "es")));
        var englishCard = Assert.Single(TelegramChatChannel.Render(new AnnouncementDelivery(target, "k", [item])));
        var spanishDigest = Assert.Single(TelegramChatChannel.Render(new AnnouncementDelivery(target, "k", [item, item with { ShortId = "k3j9x2b" }], "es")));
        var englishDigest = Assert.Single(TelegramChatChannel.Render(new AnnouncementDelivery(target, "k", [item, item with { ShortId = "k3j9x2b" }])));

        Assert.Contains("del 11 de julio de 2018 al 12 de julio de 2018 · <code>k3j9x2a</code>", spanishCard, StringComparison.Ordinal);
        Assert.Contains("2018-07-11..2018-07-12 · <code>k3j9x2a</code>", englishCard, StringComparison.Ordinal);
        Assert.StartsWith("<b>2 noticias nuevas</b>", spanishDigest, StringComparison.Ordinal);
        Assert.Contains("11 de julio de 2018 · <code>k3j9x2b</code>", spanishDigest, StringComparison.Ordinal);
        Assert.StartsWith("<b>2 new items</b>", englishDigest, StringComparison.Ordinal);
        Assert.Contains("2018-07-11 · <code>k3j9x2b</code>", englishDigest, StringComparison.Ordinal);
    }
}
