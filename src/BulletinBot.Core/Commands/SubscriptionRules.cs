using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>What subscribe, subscriptions and unsubscribe check first: announcements work here, and in groups and channels only for chat admins.</summary>
internal static class SubscriptionRules
{
    public static ErrorReply? Unavailable(Subscriptions? subscriptions, ChatContext chat) =>
        subscriptions is not null && subscriptions.Serves(chat.Platform)
            ? null
            : new ErrorReply(BotText.For(chat).SubscriptionsUnavailable, BotText.For(chat).SubscriptionsUnavailableHint);

    /// <summary>The refusal of a command that changes the chat (<paramref name="problem"/> says which), or null where the sender may.</summary>
    public static ErrorReply? NotAdmin(ChatContext chat, Func<BotText, string> problem) =>
        chat.Kind == ChatKind.Private || chat.SenderIsAdmin
            ? null
            : new ErrorReply(problem(BotText.For(chat)), BotText.For(chat).NotAdminHint);
}
