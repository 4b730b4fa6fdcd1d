using BulletinBot.Core.Chats;
using BulletinBot.Core.Text;
using System.Globalization;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Telegram.Api;
using BulletinBot.Telegram.Receiving;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TelegramChat = Telegram.Bot.Types.Chat;
using BulletinBot.Core.Localization;

namespace BulletinBot.Telegram.Chat;

/// <summary>
/// The update switch: messages and channel posts become text for the conversation, callback queries turn
/// pages in place or show an item, inline queries go to <see cref="InlineAnswerer"/>; anything else is ignored.
/// At the door each command takes its sender's budget and joins its chat's queue; a flood is dropped there, and
/// its sender told once a minute, so it never waits in line ahead of other chats.
/// </summary>
public sealed class TelegramUpdateRouter(
    TelegramApiClient client,
    IConversation conversation,
    CommandBudget budget,
    BotIdentity identity,
    ChatReplies replies,
    InlineAnswerer inline,
    ILogger<TelegramUpdateRouter> logger) : IUpdateSink
{
    public const string Platform = Platforms.Telegram;

    public async ValueTask<UpdateAdmission> AdmitAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        switch (update)
        {
            case { Message: { } message }:
                return await AdmitMessageAsync(message, cancellationToken);
            case { ChannelPost: { } post }:
                return await AdmitMessageAsync(post, cancellationToken);
            case { CallbackQuery: { Message.Chat: { } chat } query }:
                var botName = await identity.GetNameAsync(cancellationToken);
                return Door(Context(chat, query.From, KindOf(chat), botName), LaneOf(chat));
            case { CallbackQuery: { } orphan }:
                // A button on a message we cannot see: answered at once with "no longer works", in the sender's lane.
                return new UpdateAdmission($"user:{orphan.From.Id.ToString(CultureInfo.InvariantCulture)}");
            case { InlineQuery: { } query }:
                var user = query.From.Id.ToString(CultureInfo.InvariantCulture);
                var inlineChat = new ChatContext(Platform, $"inline:{user}", ChatKind.Private, user);
                // Inline queries come a keystroke at a time and have no chat to be told in: over budget, they are dropped.
                return budget.Admit(inlineChat) == Admission.Admitted ? new UpdateAdmission(inlineChat.ChatId) : UpdateAdmission.Drop;
            default:
                return UpdateAdmission.Drop;
        }
    }

    public Task RefuseAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update switch
        {
            { Message: { } message } => TellTooFastAsync(message, cancellationToken),
            { ChannelPost: { } post } => TellTooFastAsync(post, cancellationToken),
            { CallbackQuery: { } query } => AnswerCallbackAsync(query.Id, ChatConversation.TooFastIn(query.From.LanguageCode).Text, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    private async Task<UpdateAdmission> AdmitMessageAsync(Message message, CancellationToken cancellationToken)
    {
        if (message.Text is not { Length: > 0 } text)
        {
            return UpdateAdmission.Drop;
        }

        var botName = await identity.GetNameAsync(cancellationToken);
        var kind = KindOf(message.Chat);
        if (ConversationText(text, kind, message, botName) is not { } input || CommandParser.Parse(input, botName) is null)
        {
            // Not for us (plain talk in a group, a command for another bot): it costs nobody's budget.
            return UpdateAdmission.Drop;
        }

        return Door(Context(message.Chat, message.From, kind, botName), LaneOf(message.Chat));
    }

    private UpdateAdmission Door(ChatContext chat, string lane)
    {
        switch (budget.Admit(chat))
        {
            case Admission.Admitted:
                return new UpdateAdmission(lane);
            case Admission.RefusedAndTold:
                logger.LogInformation("Telegram chat {ChatId}: sender {Sender} is over the command budget; told once, then dropped for a minute",
                    chat.ChatId, chat.SenderKey);
                return new UpdateAdmission(lane, TooFast: true);
            default:
                logger.LogDebug("Telegram chat {ChatId}: sender {Sender} over the command budget; dropped", chat.ChatId, chat.SenderKey);
                return UpdateAdmission.Drop;
        }
    }

    private static string LaneOf(TelegramChat chat) => chat.Id.ToString(CultureInfo.InvariantCulture);

    private async Task TellTooFastAsync(Message message, CancellationToken cancellationToken)
    {
        var kind = KindOf(message.Chat);
        await replies.SendAsync(message.Chat.Id, message.IsTopicMessage ? message.MessageThreadId : null,
            kind == ChatKind.Private ? null : message.Id, ChatConversation.TooFastIn(message.From?.LanguageCode), cancellationToken);
    }

    public Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update switch
        {
            { Message: { } message } => OnMessageAsync(message, cancellationToken),
            { ChannelPost: { } post } => OnMessageAsync(post, cancellationToken),
            { CallbackQuery: { } query } => OnCallbackAsync(query, cancellationToken),
            { InlineQuery: { } query } => inline.AnswerAsync(query, cancellationToken),
            _ => Ignore(update),
        };
    }

    private Task Ignore(Update update)
    {
        logger.LogDebug("Telegram update {UpdateId} of type {Type} ignored", update.Id, update.Type);
        return Task.CompletedTask;
    }

    private async Task OnMessageAsync(Message message, CancellationToken cancellationToken)
    {
        if (message.Text is not { Length: > 0 } text)
        {
            return;
        }

        var botName = await identity.GetNameAsync(cancellationToken);
        var kind = KindOf(message.Chat);
        if (ConversationText(text, kind, message, botName) is not { } input)
        {
            return;
        }

        var chat = Context(message.Chat, message.From, kind, botName) with { Admitted = true };
        if (kind == ChatKind.Group && message.From is { } sender && ChangesSubscriptions(input))
        {
            chat = chat with { SenderIsAdmin = await IsAdminAsync(message.Chat.Id, sender.Id, cancellationToken) };
        }

        var reply = await conversation.AnswerAsync(input, chat, cancellationToken);
        if (reply is null)
        {
            logger.LogDebug("Telegram command in {Chat} is for another bot; ignored", chat.Key);
            return;
        }

        logger.LogInformation("Telegram {Kind} chat {ChatId}: answering with {Reply}", kind, chat.ChatId, reply.GetType().Name);
        await replies.SendAsync(message.Chat.Id, message.IsTopicMessage ? message.MessageThreadId : null,
            kind == ChatKind.Private ? null : message.Id, reply, cancellationToken);
    }

    /// <summary>
    /// What the conversation is asked. A /command always (the parser drops one for another bot); in a private
    /// chat, or a group reply to the bot, plain text that does not start with a command word is a search;
    /// other plain text in groups and channels is not for us.
    /// </summary>
    internal static string? ConversationText(string text, ChatKind kind, Message message, string botName)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('/'))
        {
            return trimmed;
        }

        var repliesToBot = message.ReplyToMessage?.From?.Username is { } to && to.Equals(botName, StringComparison.OrdinalIgnoreCase);
        if (kind != ChatKind.Private && !(kind == ChatKind.Group && repliesToBot))
        {
            return null;
        }

        var firstWord = trimmed.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return CommandCatalog.Find(firstWord) is not null ? trimmed : $"search {trimmed}";
    }

    private async Task OnCallbackAsync(CallbackQuery query, CancellationToken cancellationToken)
    {
        string? notice = null;
        try
        {
            if (query.Data is not { Length: > 0 } data || query.Message is not { Chat: not null } message)
            {
                notice = BotText.For(Languages.Of(query.From.LanguageCode)).ButtonGone;
                return;
            }

            var botName = await identity.GetNameAsync(cancellationToken);
            var chat = Context(message.Chat, query.From, KindOf(message.Chat), botName) with { Admitted = true };
            var reply = await conversation.AnswerAsync(data, chat, cancellationToken);
            switch (reply)
            {
                case ListReply list:
                    await replies.EditAsync(message.Chat.Id, message.Id, list, cancellationToken);
                    break;
                case ErrorReply error:
                    // An expired listing, or a gone item: said in the alert, the old message stays as it was.
                    notice = error.Text;
                    break;
                case null:
                    notice = BotText.For(Languages.Of(query.From.LanguageCode)).ButtonGone;
                    break;
                default:
                    await replies.SendAsync(message.Chat.Id, message.IsTopicMessage ? message.MessageThreadId : null, null, reply, cancellationToken);
                    break;
            }
        }
        finally
        {
            await AnswerCallbackAsync(query.Id, notice, cancellationToken);
        }
    }

    private async Task AnswerCallbackAsync(string id, string? notice, CancellationToken cancellationToken)
    {
        try
        {
            var text = notice is null ? null : TextCut.Shorten(notice, 191);
            await client.AnswerCallbackQuery(id, text, showAlert: text is not null, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An unanswered query only spins the button for a while; the update itself went through.
            logger.LogWarning("Telegram answerCallbackQuery failed: {Error}", client.Redactor.Redact(exception.Message));
        }
    }

    /// <summary>Only subscribe, unsubscribe and language need to know whether a group member is an admin; nothing else asks Telegram.</summary>
    private static bool ChangesSubscriptions(string input)
    {
        var verb = input.TrimStart().Split(' ', 2)[0].TrimStart('/');
        var at = verb.IndexOf('@', StringComparison.Ordinal);
        var spec = CommandCatalog.Find(at > 0 ? verb[..at] : verb);
        return spec?.Name is "subscribe" or "unsubscribe" or "language";
    }

    /// <summary>A group's creator or administrator, as getChatMember says; anyone else, or a failed call, is not.</summary>
    private async Task<bool> IsAdminAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        try
        {
            var member = await client.GetChatMember(chatId, userId, cancellationToken);
            return member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Telegram getChatMember failed: {Error}", client.Redactor.Redact(exception.Message));
            return false;
        }
    }

    internal static ChatKind KindOf(TelegramChat chat) => chat.Type switch
    {
        ChatType.Private or ChatType.Sender => ChatKind.Private,
        ChatType.Channel => ChatKind.Channel,
        _ => ChatKind.Group,
    };

    internal static ChatContext Context(TelegramChat chat, User? sender, ChatKind kind, string botName) =>
        new(Platform, chat.Id.ToString(CultureInfo.InvariantCulture), kind,
            sender?.Id.ToString(CultureInfo.InvariantCulture),

            // In a private chat the sender is the whole chat; in a channel only admins can post at all.
            SenderIsAdmin: kind is ChatKind.Private or ChatKind.Channel,
            BotName: botName)
        {
            // The sender's app language; a channel post has no sender, so it reads English unless the chat chose.
            Language = Languages.Of(sender?.LanguageCode),
        };
}
