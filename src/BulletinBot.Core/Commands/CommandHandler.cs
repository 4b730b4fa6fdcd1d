using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Ingestion;
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
    SourceStatusBoard? sourceStatus = null)
{
    public const int PageSize = Listings.PageSize;

    internal Listings Listings { get; } = new(store, search, continuations, time);

    internal IBulletinStore Store => store;

    internal TimeProvider Time => time;

    /// <summary>The chats' announcement subscriptions; null where the bot announces nothing (the terminal, a one-shot question).</summary>
    internal Subscriptions? Subscriptions => subscriptions;

    internal SourceStatusBoard? SourceStatus => sourceStatus;

    public Task<Reply> HandleAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chat);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(command.Answer(this, chat));
    }
}
