using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Text;
using BulletinBot.Discord.Rendering;

namespace BulletinBot.Discord.Tests.Rendering;

/// <summary>Replies and announcements worded in each language stay within Discord's embed limits.</summary>
public sealed class LanguageRenderingTests
{
    public static TheoryData<string> Every => [.. Languages.All];

    [Theory]
    [MemberData(nameof(Every))]
    public void Help_stats_a_full_listing_and_a_digest_fit_in_every_language(string language)
    {
        var say = BotText.For(language);
        var cards = Enumerable.Range(1, 20).Select(i => new BulletinCard($"id{i:00000}", MarkedText.Plain(new string('t', 300)),
            new DateOnly(2018, 7, 11), new DateOnly(2018, 9, 30), "Embassy", MarkedText.Plain(new string('s', 1000)))).ToList();
        var replies = new Reply[]
        {
            new HelpReply(say.HelpIntro, CommandCatalog.All) { Language = language },
            new StatsReply(3, 1, new DateOnly(2018, 1, 1), new DateOnly(2018, 8, 9), [new Core.Storage.SourceCount("Embassy", 3)]) { Language = language },
            new ListReply(say.LatestHeading, cards, new ListPage(1, 20, 100, null, new ReplyAction(ReplyActionKind.NextPage, "1a2b3c4d")), []) { Language = language },
        };
        var items = Enumerable.Range(1, 30).Select(i => new BulletinItem(
            $"k{i:000000}", new string('T', 400), new DateOnly(2018, 9, 30), new DateOnly(2018, 12, 31), new string('S', 300), ["body"])).ToList();

        var embeds = replies.SelectMany(DiscordRenderer.Render).SelectMany(m => m.Embeds ?? []).Concat(DiscordRenderer.Announcement(items, say)).ToList();

        Assert.All(embeds, AssertWithinLimits);
    }

    [Fact]
    public void An_announcement_in_Spanish_writes_its_words_and_dates_in_Spanish_and_in_English_as_before()
    {
        var item = new BulletinItem("k3j9x2a", "Talks", new DateOnly(2018, 7, 11), null, "Embassy", ["Body."]);
        var items = Enumerable.Range(1, 30).Select(i => item with { ShortId = $"k{i:000000}" }).ToList();

        var spanishCard = Assert.Single(DiscordRenderer.Announcement([item], BotText.For("es")));
        var englishCard = Assert.Single(DiscordRenderer.Announcement([item]));
        var spanishDigest = Assert.Single(DiscordRenderer.Announcement(items, BotText.For("es")));
        var englishDigest = Assert.Single(DiscordRenderer.Announcement(items));

        Assert.Equal("k3j9x2a · 11 de julio de 2018 · Embassy", spanishCard.Footer!.Text);
        Assert.Equal("k3j9x2a · 2018-07-11 · Embassy", englishCard.Footer!.Text);
        Assert.Equal("30 noticias nuevas (5 más: usa ultimas)", spanishDigest.Title);
        Assert.Equal("30 new bulletins (5 more: use latest)", englishDigest.Title);
        Assert.Equal("11 de julio de 2018 · Embassy", spanishDigest.Fields![0].Value);
    }

    private static void AssertWithinLimits(Embed embed)
    {
        Assert.True(embed.Characters <= DiscordRenderer.MaxMessageCharacters, $"{embed.Characters} characters");
        Assert.True((embed.Title?.Length ?? 0) <= DiscordRenderer.MaxTitle);
        Assert.True((embed.Description?.Length ?? 0) <= DiscordRenderer.MaxDescription);
        Assert.True((embed.Footer?.Text.Length ?? 0) <= DiscordRenderer.MaxFooter);
        Assert.True((embed.Fields?.Count ?? 0) <= DiscordRenderer.MaxFields);
        Assert.All(embed.Fields ?? [], f => Assert.True(f.Name.Length <= DiscordRenderer.MaxFieldName && f.Value.Length <= DiscordRenderer.MaxFieldValue));
    }
}
