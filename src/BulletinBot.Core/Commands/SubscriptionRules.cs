using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;

namespace BulletinBot.Core.Commands;

/// <summary>What subscribe, subscriptions and unsubscribe check first: announcements work here, and in groups and channels only for chat admins.</summary>
internal static class SubscriptionRules
{
    public static ErrorReply? Unavailable(Subscriptions? subscriptions, ChatContext chat) =>
        subscriptions is not null && subscriptions.Serves(chat.Platform)
            ? null
            : new ErrorReply(
                "Announcements are not available in this chat.",
                "They work in Telegram and Discord chats, when the bot runs as a service with that platform's token.");

    public static ErrorReply? NotAdmin(ChatContext chat, string verb) =>
        chat.Kind == ChatKind.Private || chat.SenderIsAdmin
            ? null
            : new ErrorReply(
                $"Sorry, only an admin of this chat can {verb} it.",
                "Ask one of the chat's admins; everyone can still use latest, search and date here.");
}
