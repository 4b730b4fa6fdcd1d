using BulletinBot.Core.Chats;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Conversation;

/// <summary>
/// The one chat loop behind every adapter: parses text with the command catalog's grammar and
/// answers it. Each person gets a budget of commands a minute (<see cref="CommandBudget"/>), so one flooding
/// user cannot slow the bot for the others; a command that fails answers with an error and leaves the chat alive.
/// An adapter that takes the budget at its door says so with <see cref="ChatContext.Admitted"/>.
/// </summary>
public sealed class ChatConversation(
    CommandHandler handler,
    ILogger<ChatConversation> logger,
    IOptions<ConversationOptions>? options = null,
    CommandBudget? budget = null) : IConversation, IDisposable
{
    private readonly CommandHandler _handler = handler;
    private readonly ILogger<ChatConversation> _logger = logger;
    private readonly CommandBudget _budget = budget ?? new CommandBudget(options ?? Options.Create(new ConversationOptions()), TimeProvider.System);

    private static readonly Dictionary<string, ErrorReply> TooFastByLanguage = Languages.All.ToDictionary(
        language => language,
        language => new ErrorReply(BotText.For(language).TooFast, BotText.For(language).TooFastHint) { Language = language });

    /// <summary>What a sender over budget is told, once a minute, in English.</summary>
    public static ErrorReply TooFast => TooFastByLanguage[Languages.English];

    /// <summary>What a sender over budget is told, in <paramref name="language"/> (a code or a platform's locale).</summary>
    public static ErrorReply TooFastIn(string? language) => TooFastByLanguage[Languages.Of(language)];

    public async Task<Reply?> AnswerAsync(string text, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var command = CommandParser.Parse(text, chat.BotName);
        if (command is null)
        {
            return null;
        }

        // Told once a minute; otherwise a flood is dropped without a word.
        return Admit(chat) switch
        {
            Admission.Admitted => await AnswerAdmittedAsync(command, chat, cancellationToken),
            Admission.RefusedAndTold => TooFastIn(_handler.LanguageOf(chat)),
            _ => null,
        };
    }

    public async Task<Reply> AnswerAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chat);

        // A typed command (a slash command) must be answered, so it is told every time.
        return Admit(chat) == Admission.Admitted ? await AnswerAdmittedAsync(command, chat, cancellationToken) : TooFastIn(_handler.LanguageOf(chat));
    }

    public void Dispose()
    {
        // Nothing held any more; kept so callers that scope a conversation need not change.
    }

    private Admission Admit(ChatContext chat) => chat.Admitted ? Admission.Admitted : _budget.Admit(chat);

    private async Task<Reply> AnswerAdmittedAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        try
        {
            return await _handler.HandleAsync(command, chat, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The platform's language only: the chat's own choice is in the store, which may be what failed.
            var say = BotText.For(chat.Language);
            if (Storage.StoreDamage.Classify(exception) is { } damage)
            {
                // A one-shot question (in whatever language) has nobody to go on serving: its verb exits with the store's code and this one line.
                if (chat with { Language = ChatContext.OneShot.Language } == ChatContext.OneShot)
                {
                    throw damage;
                }

                // One line, not LiteDB's stack: every later command meets the same damage until the operator rebuilds.
                _logger.LogError("Answering {Command} in {Chat} failed: Storage error: {Damage}", command.GetType().Name, chat.Key, damage.Message);
                return chat.Platform == Platforms.Terminal
                    ? new ErrorReply(say.StorageError(damage.Message), string.Empty) { Language = say.Language }
                    : new ErrorReply(say.StoreDamaged, say.StoreDamagedHint) { Language = say.Language };
            }

            _logger.LogError(exception, "Answering {Command} in {Chat} failed", command.GetType().Name, chat.Key);
            return new ErrorReply(say.AnswerFailed, say.AnswerFailedHint) { Language = say.Language };
        }
    }
}
