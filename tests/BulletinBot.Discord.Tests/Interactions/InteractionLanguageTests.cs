using System.Text.Json;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Text;
using BulletinBot.Discord.Interactions;
using BulletinBot.Discord.Rendering;

namespace BulletinBot.Discord.Tests.Interactions;

/// <summary>The reader's language comes from the interaction's locale, else the guild's; replies are worded in it.</summary>
public sealed class InteractionLanguageTests
{
    private static readonly ListReply Listing = new("Últimas", [new BulletinCard("k3j9x2a", MarkedText.Plain("Talks resume"),
        null, null, "Embassy", MarkedText.Plain("Talks on migration resume."))],
        new ListPage(1, 1, 3, new ReplyAction(ReplyActionKind.PreviousPage, "0a0b0c0d"), new ReplyAction(ReplyActionKind.NextPage, "1a2b3c4d")), []);

    [Theory]
    [InlineData("es-ES", null, "es")]
    [InlineData("es-419", "en-US", "es")]
    [InlineData("en-US", "es-ES", "en")]
    [InlineData("ja", "es-ES", "es")]
    [InlineData("ja", null, "en")]
    [InlineData(null, null, "en")]
    public void The_user_s_locale_then_the_guild_s_chooses_the_language(string? locale, string? guildLocale, string language)
    {
        var interaction = Interaction.Parse(JsonSerializer.SerializeToElement(new
        {
            id = "300000000000000001",
            application_id = "100000000000000001",
            type = 2,
            token = "interaction-token-abc",
            channel_id = "400000000000000001",
            guild_id = "500000000000000001",
            locale,
            guild_locale = guildLocale,
            data = new { name = "latest" },
        }));

        Assert.Equal(language, interaction.Chat.Language);
    }

    [Fact]
    public void A_Spanish_listing_has_Spanish_buttons_and_footer()
    {
        var message = DiscordRenderer.List(Listing with { Language = "es" });

        var embed = Assert.Single(message.Embeds!);
        Assert.Equal("Noticias 1–1 de 3", embed.Footer!.Text);
        var labels = message.Components!.SelectMany(row => row.Components).Select(button => button.Label).ToList();
        Assert.Equal(["◀ Anterior", "Siguiente ▶", "Ver k3j9x2a"], labels);
        Assert.Contains("sin fecha", embed.Fields![0].Value, StringComparison.Ordinal);
    }

    public static TheoryData<string> Every => [.. Languages.All];

    [Theory]
    [MemberData(nameof(Every))]
    public void Help_and_stats_stay_within_the_embed_limits_in_every_language(string language)
    {
        var replies = new Reply[]
        {
            new HelpReply(BotText.For(language).HelpIntro, CommandCatalog.All) { Language = language },
            new StatsReply(3, 1, new DateOnly(2018, 1, 1), new DateOnly(2018, 8, 9), [new Core.Storage.SourceCount("Embassy", 3)]) { Language = language },
        };

        var embeds = replies.SelectMany(DiscordRenderer.Render).SelectMany(message => message.Embeds!).ToList();

        Assert.All(embeds, embed =>
        {
            Assert.InRange(embed.Title!.Length, 1, DiscordRenderer.MaxTitle);
            Assert.InRange(embed.Fields?.Count ?? 0, 0, DiscordRenderer.MaxFields);
            Assert.All(embed.Fields ?? [], field =>
            {
                Assert.InRange(field.Name.Length, 1, DiscordRenderer.MaxFieldName);
                Assert.InRange(field.Value.Length, 1, DiscordRenderer.MaxFieldValue);
            });
            Assert.InRange(embed.Characters, 1, DiscordRenderer.MaxMessageCharacters);
        });
    }

    [Fact]
    public void An_English_listing_is_worded_as_before()
    {
        var message = DiscordRenderer.List(Listing);

        Assert.Equal("Items 1–1 of 3", Assert.Single(message.Embeds!).Footer!.Text);
        Assert.Equal(["◀ Previous", "Next ▶", "Show k3j9x2a"], message.Components!.SelectMany(row => row.Components).Select(button => button.Label));
    }
}
