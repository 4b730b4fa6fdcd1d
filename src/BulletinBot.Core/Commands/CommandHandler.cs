using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Commands;

/// <summary>
/// Answers every command with a platform-neutral <see cref="Reply"/>. Each command says how it is
/// answered (<see cref="Command"/>); this holds what the answers read and write.
/// </summary>
public sealed class CommandHandler(
    IBulletinStore store,
    BulletinSearch search,
    IContinuationStore continuations,
    TimeProvider time,
    Subscriptions? subscriptions = null,
    SourceStatusBoard? sourceStatus = null,
    IChatPreferences? preferences = null,
    SourceDirectory? sources = null,
    BotClock? clock = null)
{
    public const int PageSize = Listings.PageSize;

    internal Listings Listings { get; } = new(store, search, continuations, time, clock ?? BotClock.Of(time), sources);

    /// <summary>What today is and how times are shown (<c>Bot:TimeZone</c>).</summary>
    internal BotClock Clock => Listings.Clock;

    /// <summary>The configured sources by name; null where none are known.</summary>
    internal SourceDirectory? Sources => sources;

    internal IBulletinStore Store => store;

    internal TimeProvider Time => time;

    /// <summary>The chats' announcement subscriptions; null where the bot announces nothing (the terminal, a one-shot question).</summary>
    internal Subscriptions? Subscriptions => subscriptions;

    internal SourceStatusBoard? SourceStatus => sourceStatus;

    /// <summary>What chats chose for themselves (their language); null where nothing is remembered.</summary>
    internal IChatPreferences? Preferences => preferences;

    public Task<Reply> HandleAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chat);
        cancellationToken.ThrowIfCancellationRequested();

        // The chat's own choice comes before what the platform says of its reader.
        if (ChosenLanguage(chat) is { } chosen)
        {
            chat = chat with { Language = Languages.Of(chosen) };
        }

        var reply = command.Answer(this, chat);
        return Task.FromResult(reply with { Language = reply.Language ?? chat.Language });
    }

    /// <summary>The language the chat reads: its own choice (the language command), else what the platform says.</summary>
    public string LanguageOf(ChatContext chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return ChosenLanguage(chat) is { } chosen ? Languages.Of(chosen) : chat.Language;
    }

    /// <summary>
    /// The chat's language choice. A choice that cannot be read (the store gone or damaged) leaves the platform's
    /// language: the command is still answered, or fails on the store itself, as it would without the choice.
    /// </summary>
    private string? ChosenLanguage(ChatContext chat)
    {
        try
        {
            return preferences?.LanguageOf(chat.Key);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }
}
