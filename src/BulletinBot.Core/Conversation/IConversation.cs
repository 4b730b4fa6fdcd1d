using BulletinBot.Core.Chats;
using BulletinBot.Core.Commands;

namespace BulletinBot.Core.Conversation;

/// <summary>
/// The port every chat adapter talks to: text (or a typed command) plus where it came from in,
/// a platform-neutral <see cref="Reply"/> out. The adapter renders the reply in its own markup.
/// </summary>
public interface IConversation
{
    /// <summary>
    /// Answers text as typed ("/latest@Bot 5", "search talks", "next 1a2b3c4d"). Returns null when
    /// the text is a command addressed to another bot, which a group chat must ignore.
    /// </summary>
    Task<Reply?> AnswerAsync(string text, ChatContext chat, CancellationToken cancellationToken);

    /// <summary>Answers a command built from typed options (<see cref="CommandCatalog.Create"/>).</summary>
    Task<Reply> AnswerAsync(Command command, ChatContext chat, CancellationToken cancellationToken);
}
