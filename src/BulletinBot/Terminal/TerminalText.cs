using System.Globalization;
using System.Text;
using BulletinBot.Core.Commands;

namespace BulletinBot.Terminal;

/// <summary>Words and safety shared by the terminal's renderers.</summary>
internal static class TerminalText
{
    /// <summary>
    /// Text as it may reach a screen: control characters (an escape sequence starts with one) are shown
    /// as their visible symbols (ESC as ␛), and bidirectional overrides, which could reorder what a
    /// line appears to say, are dropped.
    /// </summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsCleaning))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsBidiControl(c))
            {
                continue;
            }

            clean.Append(c switch
            {
                '\t' => ' ',
                < ' ' => (char)(0x2400 + c),
                '\u007f' => '\u2421',
                _ when char.IsControl(c) => '\uFFFD',
                _ => c,
            });
        }

        return clean.ToString();
    }

    private static bool NeedsCleaning(char c) => char.IsControl(c) || IsBidiControl(c);

    private static bool IsBidiControl(char c) =>
        c is '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    public static string Date(DateOnly? date, DateOnly? end) => date switch
    {
        null => "date unknown",
        { } day when end is { } last && last != day => $"{day:yyyy-MM-dd}..{last:yyyy-MM-dd}",
        { } day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>"Showing 1-5 of 23. Type next for more." and its variants.</summary>
    public static string PagingLine(ListPage page)
    {
        var total = page.Total is { } count ? $" of {count}" : string.Empty;
        var hints = new List<string>();
        if (page.Next is not null)
        {
            hints.Add("next for more");
        }

        if (page.Previous is not null)
        {
            hints.Add("previous to go back");
        }

        if (hints.Count == 0 && page.More)
        {
            return $"Showing {page.First}-{page.Last}{total}; there are more: page with next in the chat (BulletinBot with no verb).";
        }

        return $"Showing {page.First}-{page.Last}{total}." + (hints.Count == 0 ? string.Empty : $" Type {string.Join(", ", hints)}.");
    }

    /// <summary>The numbers of a <see cref="StatsReply"/> as sentences.</summary>
    public static IEnumerable<string> Stats(StatsReply stats)
    {
        yield return $"{stats.Total} items from {stats.Sources.Count} source{(stats.Sources.Count == 1 ? string.Empty : "s")}.";
        if (stats.Oldest is { } oldest && stats.Newest is { } newest)
        {
            yield return $"Dated from {oldest:yyyy-MM-dd} to {newest:yyyy-MM-dd}.";
        }

        if (stats.Undated > 0)
        {
            yield return $"{stats.Undated} item{(stats.Undated == 1 ? " has" : "s have")} no date.";
        }

        foreach (var source in stats.Sources)
        {
            yield return $"{source.Source}: {source.Count}";
        }

        foreach (var fetch in stats.Fetches)
        {
            yield return $"Source {fetch.Name}: last fetch {fetch.LastFetch:yyyy-MM-dd HH:mm}{(fetch.LastError is { } error ? $", failing ({fetch.FailuresInARow}x): {error}" : ", ok")}";
        }

        if (stats.Announcements is { } announcements)
        {
            yield return $"Outbox: {announcements.OutboxDepth} pending.";
            foreach (var target in announcements.Targets)
            {
                yield return $"{target.Platform} {target.ChatId}: {target.Delivered} delivered, {target.Pending} pending{(target.DisabledReason is { } reason ? $", disabled: {reason}" : string.Empty)}";
            }
        }
    }
}
