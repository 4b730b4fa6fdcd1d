using BulletinBot.Core.Storage;
using BulletinBot.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>
/// A chat whose store turns out damaged: the command that meets it is answered with one line, the store is not read
/// again (every later command gets the same line), the log says it once per command without LiteDB's stack, and the
/// store reports the damage for health.
/// </summary>
public sealed class DamagedConversationTests(DamageCorpusFixture fixture) : IClassFixture<DamageCorpusFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-damaged-chat-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_chat_that_meets_damage_answers_one_line_and_stops_reading_the_store()
    {
        var path = Path.Combine(_folder, "bulletins.db");
        DamageCorpus.Place(fixture.Corpus.Variant("truncated-5"), path);
        using var archive = new Archive(path);
        var log = new ExceptionLog();
        using var conversation = new ChatConversation(archive.Handler, log);
        var telegram = ChatContext.Terminal with { Platform = "telegram", ChatId = "7" };

        var first = await conversation.AnswerAsync("stats", ChatContext.Terminal, CancellationToken.None);
        var second = await conversation.AnswerAsync("show " + fixture.Corpus.Items.Keys.Order(StringComparer.Ordinal).First(), telegram, CancellationToken.None);

        var terminal = Assert.IsType<ErrorReply>(first);
        Assert.StartsWith("Storage error: the store ", terminal.Text, StringComparison.Ordinal);
        Assert.Contains("is damaged", terminal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', terminal.Text);
        Assert.Contains("rebuild", Assert.IsType<ErrorReply>(second).Text, StringComparison.Ordinal);
        Assert.NotNull(archive.Database.Damage);
        Assert.Throws<StoreDamagedException>(() => archive.Store.Count());
        Assert.Equal(2, log.Errors);
        Assert.Equal(0, log.WithException);
    }

    [Fact]
    public async Task A_one_shot_question_that_meets_damage_goes_to_its_verb_as_the_damage()
    {
        var path = Path.Combine(_folder, "bulletins.db");
        DamageCorpus.Place(fixture.Corpus.Variant("truncated-5"), path);
        using var archive = new Archive(path);

        await Assert.ThrowsAsync<StoreDamagedException>(() => archive.Conversation.AnswerAsync("stats", ChatContext.OneShot, CancellationToken.None));
    }

    private sealed class ExceptionLog : ILogger<ChatConversation>
    {
        public int Errors { get; private set; }

        public int WithException { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Errors += logLevel == LogLevel.Error ? 1 : 0;
            WithException += exception is null ? 0 : 1;
        }
    }
}
