using System.Globalization;
using System.Text;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Localization;

namespace BulletinBot.Terminal;

/// <summary>Words and safety shared by the terminal's renderers.</summary>
internal static class TerminalText
{
    /// <summary>
    /// Text as it may reach a screen: control characters (an escape sequence starts with one) are shown
    /// as their visible symbols (ESC as ␛), and bidirectional overrides, which could reorder what a
    /// line appears to say, are dropped.
    /// </summary>
    /// <summary>The item's link when it is a web address a terminal can show as it is; null otherwise.</summary>
    public static string? Link(BulletinItem item) =>
        item.Link is { Length: > 0 and < 2000 } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? Clean(uri.AbsoluteUri)
            : null;

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

    public static string Date(DateOnly? date, DateOnly? end, BotText say) => date switch
    {
        null => say.DateUnknown,
        { } day when end is { } last && last != day => $"{day:yyyy-MM-dd}..{last:yyyy-MM-dd}",
        { } day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>"Showing 1-5 of 23. Type next for more." and its variants.</summary>
    public static string PagingLine(ListPage page, BotText say)
    {
        if (page.Next is null && page.Previous is null && page.More)
        {
            return page.Total is { } all ? say.ShowingMoreOfOneShot(page.First, page.Last, all) : say.ShowingMoreOneShot(page.First, page.Last);
        }

        var showing = page.Total is { } total ? say.ShowingRangeOf(page.First, page.Last, total) : say.ShowingRange(page.First, page.Last);
        var hint = (page.Next, page.Previous) switch
        {
            (not null, not null) => say.TypeNextOrPrevious,
            (not null, null) => say.TypeNext,
            (null, not null) => say.TypePrevious,
            _ => null,
        };
        return hint is null ? showing : $"{showing} {hint}";
    }

    /// <summary>The numbers of a <see cref="StatsReply"/> as sentences.</summary>
    public static IEnumerable<string> Stats(StatsReply stats, BotText say)
    {
        yield return stats.Sources.Count == 1 ? say.StatsItemsFromOneSource(stats.Total) : say.StatsItemsFromSources(stats.Total, stats.Sources.Count);
        if (stats.Oldest is { } oldest && stats.Newest is { } newest)
        {
            yield return say.StatsDated(say.Day(oldest), say.Day(newest));
        }

        if (stats.Undated > 0)
        {
            yield return stats.Undated == 1 ? say.StatsOneUndated : say.StatsUndated(stats.Undated);
        }

        foreach (var source in stats.Sources)
        {
            yield return $"{source.Source}: {source.Count}";
        }

        foreach (var fetch in stats.Fetches)
        {
            var fetched = fetch.LastFetch is { } at ? BotClock.Show(at, stats.Zone) : string.Empty;
            yield return fetch.LastError is { } error
                ? say.StatsFetchFailing(fetch.Name, fetched, fetch.FailuresInARow, error)
                : say.StatsFetchOk(fetch.Name, fetched);
        }

        if (stats.Announcements is { } announcements)
        {
            yield return say.StatsOutbox(announcements.OutboxDepth);
            foreach (var target in announcements.Targets)
            {
                yield return target.DisabledReason is { } reason
                    ? say.StatsTargetDisabled(target.Platform, target.ChatId, target.Delivered, target.Pending, reason)
                    : say.StatsTarget(target.Platform, target.ChatId, target.Delivered, target.Pending);
            }
        }
    }
}
