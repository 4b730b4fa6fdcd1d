using System.Globalization;
using BulletinBot.Core.Announcing;

namespace BulletinBot.Core.Commands;

/// <summary>
/// Reads <c>subscribe [filter] [backfill: none | last N | since &lt;date&gt;]</c> and <c>unsubscribe &lt;n&gt;</c>.
/// The backfill clause is marked by "backfill:" (or "historial:"), so filter words such as "last" stay words.
/// </summary>
internal static class SubscriptionGrammar
{
    private static readonly string[] Markers = ["backfill:", "historial:"];

    private const string BackfillHint = "Like: subscribe talks backfill: last 5 (or backfill: none, backfill: since 2018-07-01).";

    public static Command Subscribe(string text)
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
                    : new InvalidCommand($"backfill: last takes a number from 1 to {SubscriptionBackfill.MaxItems}.", BackfillHint);
            case "since" or "desde" when rest.Length > 0:
                return new SubscribeCommand(filter, BackfillSince: rest);
            default:
                return new InvalidCommand("backfill: takes none, last N or since <date>.", BackfillHint);
        }
    }

    public static Command Unsubscribe(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? new UnsubscribeCommand(number)
            : new InvalidCommand("unsubscribe takes the number of a subscription.", "Type subscriptions to see them numbered, then: unsubscribe 1");
}
