using BulletinBot.Core.Announcing;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Commands;

/// <summary>The answers to subscribe, subscriptions and unsubscribe; chat admins only, in groups and channels.</summary>
internal sealed class SubscriptionCommands(Subscriptions? subscriptions, TimeProvider time)
{
    public Reply Subscribe(ChatContext chat, SubscribeCommand command)
    {
        if (Unavailable(chat) is { } unavailable)
        {
            return unavailable;
        }

        if (NotAdmin(chat, "subscribe") is { } refusal)
        {
            return refusal;
        }

        var filter = AnnouncementFilter.TryParse(command.Filter, out var problem);
        if (filter is null)
        {
            return new ErrorReply(problem ?? "That filter could not be understood.", "Use words, \"phrases\" and -words, like: subscribe migration -visa");
        }

        var backfill = SubscriptionBackfill.None;
        if (command.BackfillLast is { } last)
        {
            backfill = new SubscriptionBackfill(Last: last);
        }
        else if (command.BackfillSince is { } since)
        {
            var when = WhenParser.Parse(since, DateOnly.FromDateTime(time.GetLocalNow().DateTime));
            if (when.Range is not { } range)
            {
                return new ErrorReply(when.Error ?? "That date could not be understood.", "Like: subscribe backfill: since 2018-07-01");
            }

            backfill = new SubscriptionBackfill(Since: range.From);
        }

        if (subscriptions!.Of(chat).Any(s => string.Equals(s.Filter, filter.Text, StringComparison.OrdinalIgnoreCase)))
        {
            return new NoticeReply("This chat is already subscribed to that.", ["Type subscriptions to see this chat's subscriptions."]);
        }

        var (_, queued) = subscriptions.Subscribe(chat, filter, backfill);
        var what = filter.Text.Length == 0 ? "every new item" : $"new items matching {filter.Text}";
        var lines = new List<string>
        {
            queued switch
            {
                0 when backfill == SubscriptionBackfill.None => "Nothing from before is sent.",
                0 => "No earlier item matches, so nothing from before is sent.",
                1 => "1 earlier item is on its way.",
                _ => $"{queued} earlier items are on their way, oldest first.",
            },
            "Type subscriptions to list this chat's subscriptions, unsubscribe 1 to end the first.",
        };
        return new NoticeReply($"Subscribed: {what} will be announced here.", lines);
    }

    public Reply List(ChatContext chat)
    {
        if (Unavailable(chat) is { } unavailable)
        {
            return unavailable;
        }

        var own = subscriptions!.Of(chat);
        if (own.Count == 0)
        {
            return new NoticeReply("This chat has no subscriptions.", ["Type subscribe to have new items announced here."]);
        }

        var lines = own.Select((s, i) =>
            $"{i + 1}. {(s.Filter.Length == 0 ? "every new item" : s.Filter)}{(s.Disabled ? $" (stopped: {s.DisabledReason})" : string.Empty)}").ToList();
        return new NoticeReply("This chat's subscriptions:", lines);
    }

    public Reply Unsubscribe(ChatContext chat, int number)
    {
        if (Unavailable(chat) is { } unavailable)
        {
            return unavailable;
        }

        if (NotAdmin(chat, "unsubscribe") is { } refusal)
        {
            return refusal;
        }

        return subscriptions!.Unsubscribe(chat, number) is { } ended
            ? new NoticeReply($"Unsubscribed: {(ended.Filter.Length == 0 ? "every new item" : ended.Filter)} is no longer announced here.", [])
            : new ErrorReply($"This chat has no subscription number {number}.", "Type subscriptions to see them numbered.");
    }

    private ErrorReply? Unavailable(ChatContext chat) =>
        subscriptions is not null && subscriptions.Serves(chat.Platform)
            ? null
            : new ErrorReply(
                "Announcements are not available in this chat.",
                "They work in Telegram and Discord chats, when the bot runs as a service with that platform's token.");

    private static ErrorReply? NotAdmin(ChatContext chat, string verb) =>
        chat.Kind == ChatKind.Private || chat.SenderIsAdmin
            ? null
            : new ErrorReply(
                $"Sorry, only an admin of this chat can {verb} it.",
                "Ask one of the chat's admins; everyone can still use latest, search and date here.");
}
