using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>
/// What a person asked for, whatever the platform they typed it on. Each command is one file in
/// <c>Catalog/</c>: its record, its catalog entry (names, argument, help, parsing) and its answer.
/// </summary>
/// <remarks>
/// Dispatch is this one abstract member. The design asks for one switch over the command records; a
/// switch is a second list of the commands, kept apart from the catalog, and needs a default branch
/// for a command it forgot. An abstract member is the same closed set with the compiler as its
/// default: a command that does not say how it is answered does not build. <see cref="CommandHandler"/>
/// is still the one place an answer starts.
/// </remarks>
public abstract record Command
{
    /// <summary>The answer to this command in <paramref name="chat"/>, with the handler's store, search and listings.</summary>
    internal abstract Reply Answer(CommandHandler handler, ChatContext chat);
}

/// <summary>Text that is not a command we know, with what went wrong and what would work.</summary>
/// <remarks>
/// Text is parsed before anyone knows the reader's language, so <see cref="Problem"/> and <see cref="Hint"/> are the
/// English words, and the answer says them again in the chat's language.
/// </remarks>
public sealed record InvalidCommand(string Problem, string Hint) : Command
{
    private Func<BotText, ErrorReply>? _say;

    /// <summary>An invalid command whose words are said in the reader's language.</summary>
    internal static InvalidCommand Saying(Func<BotText, ErrorReply> say)
    {
        var english = say(BotText.English);
        return new InvalidCommand(english.Problem, english.Hint) { _say = say };
    }

    internal override Reply Answer(CommandHandler handler, ChatContext chat) => _say?.Invoke(BotText.For(chat)) ?? new ErrorReply(Problem, Hint);
}
