using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>This chat's announcement subscriptions, numbered for unsubscribe.</summary>
public sealed record SubscriptionsCommand : Command
{
    public static CommandSpec Spec { get; } = new(
        "subscriptions", "suscripciones", ["subs"], [],
        "This chat's announcement subscriptions, numbered", "Las suscripciones de este chat, numeradas", "subscriptions",
        _ => new SubscriptionsCommand())
    {
        NameFr = "abonnements",
        NamePt = "assinaturas",
        DescriptionFr = "Les abonnements de ce chat, numérotés",
        DescriptionPt = "As assinaturas deste chat, numeradas",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        if (SubscriptionRules.Unavailable(handler.Subscriptions, chat) is { } unavailable)
        {
            return unavailable;
        }

        var say = BotText.For(chat);
        var own = handler.Subscriptions!.Of(chat);
        if (own.Count == 0)
        {
            return new NoticeReply(say.NoSubscriptions, [say.NoSubscriptionsHint]);
        }

        var lines = own.Select((s, i) =>
        {
            var what = s.Filter.Length == 0 ? say.EveryNewItem : s.Filter;
            return s.Disabled ? say.SubscriptionStopped(i + 1, what, s.DisabledReason ?? string.Empty) : say.SubscriptionLine(i + 1, what);
        }).ToList();
        return new NoticeReply(say.SubscriptionsHeading, lines);
    }
}
