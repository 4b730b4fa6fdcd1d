using System.Globalization;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>End the chat's subscription numbered <paramref name="Number"/> in its <c>subscriptions</c> list.</summary>
public sealed record UnsubscribeCommand(int Number) : Command
{
    public static CommandSpec Spec { get; } = new(
        "unsubscribe", "desuscribir", ["unsub", "cancelar", "désabonner"],
        [new("number", ArgumentKind.Number, true, 1, 100, "Its number in subscriptions", "Su número en suscripciones")],
        "End one of this chat's subscriptions, by its number in subscriptions",
        "Terminar una suscripción de este chat, por su número en suscripciones",
        "unsubscribe 1",
        text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? new UnsubscribeCommand(number)
            : InvalidCommand.Saying(say => new(say.UnsubscribeInvalid, say.UnsubscribeInvalidHint)))
    {
        NameFr = "desabonner",
        NamePt = "cancelar",
        DescriptionFr = "Arrêter un abonnement de ce chat, par son numéro dans abonnements",
        DescriptionPt = "Encerrar uma assinatura deste chat, pelo número em assinaturas",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        if (SubscriptionRules.Unavailable(handler.Subscriptions, chat) is { } unavailable)
        {
            return unavailable;
        }

        if (SubscriptionRules.NotAdmin(chat, say => say.NotAdminUnsubscribe) is { } refusal)
        {
            return refusal;
        }

        var say = BotText.For(chat);
        return handler.Subscriptions!.Unsubscribe(chat, Number) is { } ended
            ? new NoticeReply(say.Unsubscribed(ended.Filter.Length == 0 ? say.EveryNewItem : ended.Filter), [])
            : new ErrorReply(say.NoSuchSubscription(Number), say.NoSuchSubscriptionHint);
    }
}
