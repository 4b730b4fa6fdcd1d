using System.Text.Json.Nodes;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>Replies in the reader's language: from.language_code, and a chat's language command.</summary>
[Trait("Category", "Slow")]
public sealed class LanguageTests(LiveBotFixture bot) : IClassFixture<LiveBotFixture>
{
    private static readonly string Me = "@" + FakeBotApi.BotUsername;

    [Fact]
    public async Task In_one_group_a_Spanish_speaker_reads_Spanish_and_an_English_speaker_English()
    {
        var spanish = await bot.AskAsync(Speaking("es", FakeUpdates.Group("/ultimas" + Me + " 2")));
        var english = await bot.AskAsync(Speaking("en", FakeUpdates.Group("/latest" + Me + " 2")));

        Assert.StartsWith("<b>Últimas</b>", spanish.Text, StringComparison.Ordinal);
        Assert.Contains("1–2", spanish.Text, StringComparison.Ordinal);
        Assert.StartsWith("<b>Latest</b>", english.Text, StringComparison.Ordinal);
        LiveBotFixture.AssertValid(spanish);
    }

    [Fact]
    public async Task A_Spanish_speaker_s_errors_and_help_are_Spanish()
    {
        var error = await bot.AskAsync(Speaking("es-419", FakeUpdates.Private("/ver")));
        var help = await bot.AskAsync(Speaking("es", FakeUpdates.Private("/ayuda")));

        Assert.Contains("¿Qué noticia quieres ver?", error.Text, StringComparison.Ordinal);
        Assert.Contains("/ultimas [count]", help.Text, StringComparison.Ordinal);
        Assert.Contains("p. ej. /ultimas 10", help.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_es_makes_an_English_speaker_s_chat_Spanish_until_language_en()
    {
        try
        {
            var chosen = await bot.AskAsync(FakeUpdates.Private("/language es"));
            var latest = await bot.AskAsync(FakeUpdates.Private("/latest 2"));

            Assert.Contains("A partir de ahora este chat lee en español.", chosen.Text, StringComparison.Ordinal);
            Assert.StartsWith("<b>Últimas</b>", latest.Text, StringComparison.Ordinal);
        }
        finally
        {
            var back = await bot.AskAsync(FakeUpdates.Private("/idioma en"));
            Assert.Contains("From now on this chat reads English.", back.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>The update as sent by a user whose Telegram app is set to <paramref name="language"/>.</summary>
    private static JsonObject Speaking(string language, JsonObject update)
    {
        update["message"]!["from"]!["language_code"] = language;
        return update;
    }
}
