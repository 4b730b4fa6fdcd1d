using System.Globalization;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Commands;

/// <summary>
/// Announce new items in this chat: those matching <paramref name="Filter"/> (all when empty), after a backfill of the
/// last N or those dated since a day. Typed as <c>subscribe [filter] [backfill: none | last N | since &lt;date&gt;]</c>;
/// the clause is marked by "backfill:" (or "historial:"), so filter words such as "last" stay words.
/// </summary>
public sealed record SubscribeCommand(string Filter, int? BackfillLast = null, string? BackfillSince = null) : Command
{
    private static readonly string[] Markers = ["backfill:", "historial:"];

    public static CommandSpec Spec { get; } = new(
        "subscribe", "suscribir", ["sub", "suscribirse"],
        [new("filter", ArgumentKind.Text, false, 1, 300,
            "Words an item must match; then backfill: none, last N or since <date>", "Palabras a buscar; luego backfill: none, last N o since <fecha>")],
        "Announce new items in this chat; optional filter words and backfill: none, last N or since <date>",
        "Anunciar noticias nuevas en este chat; filtro opcional y backfill: none, last N o since <fecha>",
        "subscribe migration -visa backfill: last 3",
        Parse)
    {
        NameFr = "abonner",
        NamePt = "assinar",
        DescriptionFr = "Annoncer les nouveaux articles dans ce chat ; filtre facultatif et backfill : none, last N ou since <date>",
        DescriptionPt = "Anunciar notícias novas neste chat; filtro opcional e backfill: none, last N ou since <data>",
    };

    private static Command Parse(string text)
    {
        var marker = Markers.Select(m => (Marker: m, At: text.IndexOf(m, StringComparison.OrdinalIgnoreCase))).Where(m => m.At >= 0).OrderBy(m => m.At).FirstOrDefault();
        if (marker.Marker is null)
        {
            return new SubscribeCommand(text);
        }

        var filter = text[..marker.At].Trim();
        var clause = text[(marker.At + marker.Marker.Length)..].Trim();
        var split = clause.IndexOf(' ', StringComparison.Ordinal);
        var word = (split < 0 ? clause : clause[..split]).ToLowerInvariant();
        var rest = split < 0 ? string.Empty : clause[(split + 1)..].Trim();
        switch (word)
        {
            case "none" or "ninguno" or "nada" when rest.Length == 0:
                return new SubscribeCommand(filter);
            case "last" or "ultimas" or "últimas" or "ultimos" or "últimos":
                return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= SubscriptionBackfill.MaxItems
                    ? new SubscribeCommand(filter, BackfillLast: count)
                    : InvalidCommand.Saying(say => new(say.BackfillLastInvalid(SubscriptionBackfill.MaxItems), say.BackfillHint));
            case "since" or "desde" when rest.Length > 0:
                return new SubscribeCommand(filter, BackfillSince: rest);
            default:
                return InvalidCommand.Saying(say => new(say.BackfillInvalid, say.BackfillHint));
        }
    }

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        if (SubscriptionRules.Unavailable(handler.Subscriptions, chat) is { } unavailable)
        {
            return unavailable;
        }

        if (SubscriptionRules.NotAdmin(chat, say => say.NotAdminSubscribe) is { } refusal)
        {
            return refusal;
        }

        var say = BotText.For(chat);
        if (SourceFilter.Resolve(handler.Sources, SourceSyntax.Split(Filter).Name, say, out _) is { } unknown)
        {
            return unknown;
        }

        var filter = AnnouncementFilter.TryParse(Filter, say, (SearchCommand.Spec.NameIn(say.Language), Spec.NameIn(say.Language)), out var problem, handler.Sources);
        if (filter is null)
        {
            return new ErrorReply(problem ?? say.FilterNotUnderstood, say.FilterHint);
        }

        var backfill = SubscriptionBackfill.None;
        if (BackfillLast is { } last)
        {
            backfill = new SubscriptionBackfill(Last: last);
        }
        else if (BackfillSince is { } since)
        {
            var when = WhenParser.Parse(since, handler.Clock.Today, say);
            if (when.Range is not { } range)
            {
                return new ErrorReply(when.Error ?? say.DateNotUnderstood, say.BackfillDateHint);
            }

            backfill = new SubscriptionBackfill(Since: range.From);
        }

        var subscriptions = handler.Subscriptions!;
        if (subscriptions.Of(chat).Any(s => string.Equals(s.Filter, filter.Text, StringComparison.OrdinalIgnoreCase)))
        {
            return new NoticeReply(say.AlreadySubscribed, [say.SeeSubscriptions]);
        }

        var (_, queued) = subscriptions.Subscribe(chat, filter, backfill);
        var what = filter.Text.Length == 0 ? say.EveryNewItem : say.NewItemsMatching(filter.Text);
        var lines = new List<string>
        {
            queued switch
            {
                0 when backfill == SubscriptionBackfill.None => say.NothingFromBefore,
                0 => say.NoEarlierMatch,
                1 => say.OneEarlierItem,
                _ => say.EarlierItems(queued),
            },
            say.SubscribedFooter,
        };
        return new NoticeReply(say.Subscribed(what), lines);
    }
}
