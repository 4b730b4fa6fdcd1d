using BulletinBot.Core.Announcing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>
/// Announcements go out in their target's language: a configured target's Language setting, a subscription's chat's
/// own choice, else the language the chat subscribed in.
/// </summary>
public sealed class AnnouncementLanguageTests
{
    [Fact]
    public async Task A_configured_target_reads_its_Language_setting_and_one_without_reads_English()
    {
        var options = new AnnouncementOptions
        {
            Targets =
            [
                new TargetOptions { Platform = "Telegram", ChatId = "-100", Language = "es" },
                new TargetOptions { Platform = "Discord", ChatId = "42" },
            ],
        };
        using var rig = new AnnouncingRig(options);
        rig.Start("telegram:-100", "discord:42");

        rig.Archive.Store.UpsertBatch([Item("Fresh news", Day(2018, 7, 11))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal("es", Assert.Single(rig.Telegram.Delivered).Language);
        Assert.Equal("en", Assert.Single(rig.Discord.Delivered).Language);
    }

    [Fact]
    public async Task A_subscription_reads_the_language_it_subscribed_in_until_the_chat_chooses_another()
    {
        using var rig = new AnnouncingRig();
        rig.Start();
        var spanish = new ChatContext("telegram", "7", ChatKind.Private, "7") { Language = "es" };
        Assert.IsType<NoticeReply>(await rig.AskAsync("suscribir", spanish));

        rig.Archive.Store.UpsertBatch([Item("First news", Day(2018, 7, 11))]);
        await rig.RunUntilQuietAsync();
        Assert.IsType<NoticeReply>(await rig.AskAsync("language pt", spanish));
        rig.Archive.Store.UpsertBatch([Item("Second news", Day(2018, 7, 12))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal(["es", "pt"], rig.Telegram.Delivered.Select(d => d.Language));
        Assert.Equal("es", Assert.Single(rig.Targets.SubscriptionsOf("telegram", "7")).Language);
    }

    [Fact]
    public async Task A_subscription_made_in_English_stays_English()
    {
        using var rig = new AnnouncingRig();
        rig.Start();
        Assert.IsType<NoticeReply>(await rig.AskAsync("subscribe", new ChatContext("discord", "42", ChatKind.Channel, "5", SenderIsAdmin: true)));

        rig.Archive.Store.UpsertBatch([Item("Fresh news", Day(2018, 7, 11))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal("en", Assert.Single(rig.Discord.Delivered).Language);
    }

    [Fact]
    public async Task A_Spanish_subscribe_with_a_filter_it_cannot_use_is_told_so_in_Spanish()
    {
        using var rig = new AnnouncingRig();
        rig.Start();
        var spanish = new ChatContext("telegram", "7", ChatKind.Private, "7") { Language = "es" };

        var dated = Assert.IsType<ErrorReply>(await rig.AskAsync("suscribir talks from:2018", spanish));
        var excluding = Assert.IsType<ErrorReply>(await rig.AskAsync("suscribir -visa", spanish));
        var english = Assert.IsType<ErrorReply>(await rig.AskAsync("subscribe -visa", new ChatContext("telegram", "8", ChatKind.Private, "8")));

        Assert.Equal("Un filtro lleva palabras, \"frases\" y -palabras, no fechas from:/to:.", dated.Problem);
        Assert.Equal("Dime qué buscar, no solo qué dejar fuera, como: suscribir conversaciones -canceladas", excluding.Problem);
        Assert.Equal("Tell me what to look for, not only what to leave out, like: subscribe talks -cancelled", english.Problem);
    }

    [Theory]
    [InlineData("es", true)]
    [InlineData("PT", true)]
    [InlineData(null, true)]
    [InlineData("de", false)]
    [InlineData("spanish", false)]
    public void A_target_s_Language_must_be_a_known_code_or_absent(string? language, bool valid)
    {
        var options = new AnnouncementOptions { Targets = [new TargetOptions { Platform = "Telegram", ChatId = "-100", Language = language }] };

        var result = new AnnouncementOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Announcements:Targets: Language must be en, es, fr or pt", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
