using BulletinBot.Core.Chats;

namespace BulletinBot.Core.Commands;

/// <summary>This chat's announcement subscriptions, numbered for unsubscribe.</summary>
public sealed record SubscriptionsCommand : Command
{
    public static CommandSpec Spec { get; } = new(
        "subscriptions", "suscripciones", ["subs"], [],
        "This chat's announcement subscriptions, numbered", "Las suscripciones de este chat, numeradas", "subscriptions",
        _ => new SubscriptionsCommand());

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        if (SubscriptionRules.Unavailable(handler.Subscriptions, chat) is { } unavailable)
        {
            return unavailable;
        }

        var own = handler.Subscriptions!.Of(chat);
        if (own.Count == 0)
        {
            return new NoticeReply("This chat has no subscriptions.", ["Type subscribe to have new items announced here."]);
        }

        var lines = own.Select((s, i) =>
            $"{i + 1}. {(s.Filter.Length == 0 ? "every new item" : s.Filter)}{(s.Disabled ? $" (stopped: {s.DisabledReason})" : string.Empty)}").ToList();
        return new NoticeReply("This chat's subscriptions:", lines);
    }
}
