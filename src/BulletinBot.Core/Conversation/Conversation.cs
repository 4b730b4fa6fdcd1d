using BulletinBot.Core.Commands;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Conversation;

/// <summary>
/// The one chat loop behind every adapter: parses text with the command catalog's grammar and
/// answers it. A command that fails answers with an error and leaves the chat alive.
/// </summary>
public sealed class ChatConversation(CommandHandler handler, ILogger<ChatConversation> logger) : IConversation
{
    public async Task<Reply?> AnswerAsync(string text, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var command = CommandParser.Parse(text, chat.BotName);
        return command is null ? null : await AnswerAsync(command, chat, cancellationToken);
    }

    public async Task<Reply> AnswerAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chat);
        try
        {
            return await handler.HandleAsync(command, chat, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Answering {Command} in {Chat} failed", command.GetType().Name, chat.Key);
            return new ErrorReply("Something went wrong answering that.", "Try again in a moment; if it keeps happening, tell the bot's operator.");
        }
    }
}
