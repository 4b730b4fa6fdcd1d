using BulletinBot.Core.Localization;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Tests.Commands;

/// <summary>A Spanish reader gets Spanish replies; a chat's language choice is remembered in the store.</summary>
public sealed class SpanishReplyTests
{
    private static readonly ChatContext Spanish = new(Platforms.Telegram, "42") { Language = Languages.Spanish };

    [Fact]
    public async Task Ultimas_2_answers_in_Spanish_when_the_chat_is_Spanish()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.ListAsync("ultimas 2", Spanish);

        Assert.Equal("Últimas", reply.Heading);
        Assert.Equal("es", reply.Language);
        Assert.Equal(2, reply.Cards.Count);
    }

    [Fact]
    public async Task The_same_words_answer_in_English_for_an_English_reader()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.ListAsync("ultimas 2", Spanish with { Language = Languages.English });

        Assert.Equal("Latest", reply.Heading);
        Assert.Equal("en", reply.Language);
    }

    [Fact]
    public async Task A_month_heading_and_an_empty_date_read_in_Spanish()
    {
        using var archive = await Archive.WithSeedsAsync();

        var month = await archive.ListAsync("fecha julio 2018", Spanish);
        var empty = Assert.IsType<ErrorReply>(await archive.AskAsync("fecha 1999-07-11", Spanish));

        Assert.Equal("Con fecha julio de 2018", month.Heading);
        Assert.Equal("No hay nada con fecha 11 de julio de 1999.", empty.Problem);
        Assert.Equal("El archivo abarca del 18 de enero de 2018 al 9 de agosto de 2018.", empty.Hint);
    }

    [Fact]
    public async Task An_unknown_word_is_explained_in_Spanish()
    {
        using var archive = await Archive.WithSeedsAsync();

        var error = Assert.IsType<ErrorReply>(await archive.AskAsync("hola", Spanish));

        Assert.Equal("No conozco «hola».", error.Problem);
        Assert.Contains("buscar hola", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_commands_by_their_Spanish_names()
    {
        using var archive = await Archive.WithSeedsAsync();

        var help = Assert.IsType<HelpReply>(await archive.AskAsync("ayuda", Spanish));

        Assert.StartsWith("BulletinBot busca", help.Intro, StringComparison.Ordinal);
        Assert.Contains(help.Commands, c => c.UsageIn(help.Language) == "ultimas [count]");
    }

    [Fact]
    public async Task Idioma_es_makes_an_English_chat_Spanish_and_is_remembered_across_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bulletinbot-lang-{Guid.NewGuid():N}.db");
        var chat = new ChatContext(Platforms.Discord, "channel-7");
        try
        {
            using (var archive = new Archive(path))
            {
                await archive.IngestAsync(TestData.SeedsFolder);
                var chosen = Assert.IsType<NoticeReply>(await archive.AskAsync("language es", chat));
                Assert.Equal("A partir de ahora este chat lee en español.", chosen.Heading);
                Assert.Equal("Últimas", (await archive.ListAsync("latest 1", chat)).Heading);
            }

            using (var reopened = new Archive(path))
            {
                Assert.Equal("es", reopened.Preferences.LanguageOf(chat.Key));
                Assert.Equal("Últimas", (await reopened.ListAsync("latest 1", chat)).Heading);
                var back = Assert.IsType<NoticeReply>(await reopened.AskAsync("idioma en", chat));
                Assert.Equal("From now on this chat reads English.", back.Heading);
                Assert.Equal("Latest", (await reopened.ListAsync("latest 1", chat)).Heading);
            }
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*").Append(path))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task An_unknown_language_is_refused_in_the_reader_s_language_and_changes_nothing()
    {
        using var archive = await Archive.WithSeedsAsync();

        var error = Assert.IsType<ErrorReply>(await archive.AskAsync("idioma klingon", Spanish));

        Assert.Equal("No hablo «klingon».", error.Problem);
        Assert.Contains("es (español)", error.Hint, StringComparison.Ordinal);
        Assert.Null(archive.Preferences.LanguageOf(Spanish.Key));
    }

    [Fact]
    public async Task In_a_group_only_an_admin_changes_the_language()
    {
        using var archive = await Archive.WithSeedsAsync();
        var group = new ChatContext(Platforms.Telegram, "-100", ChatKind.Group, "7", SenderIsAdmin: false);

        var refusal = Assert.IsType<ErrorReply>(await archive.AskAsync("language es", group));

        Assert.Contains("only an admin", refusal.Problem, StringComparison.Ordinal);
        Assert.Null(archive.Preferences.LanguageOf(group.Key));
    }
}
