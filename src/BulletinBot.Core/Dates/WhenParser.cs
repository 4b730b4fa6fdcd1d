using BulletinBot.Core.Localization;
using BulletinBot.Core.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BulletinBot.Core.Dates;

/// <summary>
/// Reads the argument of the <c>date</c> command: a day, a month, a year, a keyword such as
/// <c>today</c>, or a range <c>A..B</c> of those; month names in English, Spanish, French or Portuguese.
/// </summary>
public static partial class WhenParser
{
    public const int MaxLength = 100;

    /// <summary>Reads <paramref name="text"/>; an error is in English.</summary>
    public static WhenResult Parse(string text, DateOnly today) => Parse(text, today, BotText.English);

    /// <summary>Reads <paramref name="text"/>; an error is in the reader's language (<paramref name="say"/>).</summary>
    public static WhenResult Parse(string text, DateOnly today, BotText say)
    {
        ArgumentNullException.ThrowIfNull(say);
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return WhenResult.Fail(say.WhenMissing(say.WhenHint));
        }

        // Checked before any matching so that a pasted wall of text costs nothing.
        if (trimmed.Length > MaxLength)
        {
            return WhenResult.Fail(say.WhenTooLong(trimmed.Length, say.WhenHint));
        }

        trimmed = trimmed.Replace('\u2026'.ToString(), "..", StringComparison.Ordinal);
        var separator = trimmed.IndexOf("..", StringComparison.Ordinal);
        if (separator < 0)
        {
            return ParseTerm(trimmed, today, say, out var single) is { } error
                ? WhenResult.Fail(error)
                : WhenResult.Ok(single!);
        }

        var left = trimmed[..separator].Trim();
        var right = trimmed[(separator + 2)..].Trim();
        if (left.Length == 0 || right.Length == 0 || right.Contains("..", StringComparison.Ordinal))
        {
            return WhenResult.Fail(say.WhenBadRange(trimmed));
        }

        if (ParseTerm(left, today, say, out var from) is { } leftError)
        {
            return WhenResult.Fail(leftError);
        }

        if (ParseTerm(right, today, say, out var to) is { } rightError)
        {
            return WhenResult.Fail(rightError);
        }

        return to!.To < from!.From
            ? WhenResult.Fail(say.WhenBackwards(left, right))
            : WhenResult.Ok(new DateRange(from.From, to.To));
    }

    /// <summary>Parses one side of a range; returns an error message, or null with <paramref name="range"/> set.</summary>
    private static string? ParseTerm(string original, DateOnly today, BotText say, out DateRange? range)
    {
        range = null;
        var text = Fold(original);

        if (Keyword(text, today) is { } keywordRange)
        {
            range = keywordRange;
            return null;
        }

        if (YearOnly().Match(text) is { Success: true } year)
        {
            return MakeYear(original, Number(year, "y"), say, out range);
        }

        if (NumericMonth().Match(text) is { Success: true } numericMonth)
        {
            return MakeMonth(original, Number(numericMonth, "y"), Number(numericMonth, "m"), say, out range);
        }

        if (NumericDay().Match(text) is { Success: true } numericDay)
        {
            return MakeDay(original, Number(numericDay, "y"), Number(numericDay, "m"), Number(numericDay, "d"), say, out range);
        }

        var named = DayFirst().Match(text);
        if (!named.Success)
        {
            named = MonthFirst().Match(text);
        }

        if (named.Success && MonthNames.TryGetMonth(named.Groups["mon"].ValueSpan, out var month))
        {
            return MakeDay(original, Number(named, "y"), month, Number(named, "d"), say, out range);
        }

        if (NamedMonth().Match(text) is { Success: true } namedMonth
            && MonthNames.TryGetMonth(namedMonth.Groups["mon"].ValueSpan, out var monthOnly))
        {
            return MakeMonth(original, Number(namedMonth, "y"), monthOnly, say, out range);
        }

        return say.WhenUnknown(original, say.WhenHint);
    }

    private static DateRange? Keyword(string text, DateOnly today)
    {
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        var firstOfYear = new DateOnly(today.Year, 1, 1);
        return text switch
        {
            "today" or "hoy" or "hoje" => DateRange.Day(today),
            "yesterday" or "ayer" or "ontem" => DateRange.Day(today.AddDays(-1)),
            "this month" or "este mes" => new DateRange(firstOfMonth, firstOfMonth.AddMonths(1).AddDays(-1)),
            "last month" or "el mes pasado" or "mes pasado" =>
                new DateRange(firstOfMonth.AddMonths(-1), firstOfMonth.AddDays(-1)),
            "this year" or "este ano" => new DateRange(firstOfYear, firstOfYear.AddYears(1).AddDays(-1)),
            "last year" or "el ano pasado" or "ano pasado" =>
                new DateRange(firstOfYear.AddYears(-1), firstOfYear.AddDays(-1)),
            _ => null,
        };
    }

    private static string? MakeYear(string original, int year, BotText say, out DateRange? range)
    {
        range = null;
        if (year < 1)
        {
            return say.WhenNotRealYear(original, say.WhenHint);
        }

        range = new DateRange(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return null;
    }

    private static string? MakeMonth(string original, int year, int month, BotText say, out DateRange? range)
    {
        range = null;
        if (year < 1)
        {
            return say.WhenNotRealDateYear(original, say.WhenHint);
        }

        if (month is < 1 or > 12)
        {
            return say.WhenNotRealDateMonth(original, say.WhenHint);
        }

        range = new DateRange(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));
        return null;
    }

    private static string? MakeDay(string original, int year, int month, int day, BotText say, out DateRange? range)
    {
        if (MakeMonth(original, year, month, say, out range) is { } error)
        {
            return error;
        }

        range = null;
        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
        {
            return say.WhenNotRealDateDay(original, say.MonthAndYear(new DateOnly(year, month, 1)), days, say.WhenHint);
        }

        range = DateRange.Day(new DateOnly(year, month, day));
        return null;
    }

    private static int Number(Match match, string group) =>
        int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Lower case, no accents, single spaces: "Julio  de 2018" and "JULIO DE 2018" read alike.</summary>
    private static string Fold(string text) => TextFold.FoldWords(text, char.ToLowerInvariant);

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [GeneratedRegex(@"^(?<y>[0-9]{4})$", Options)]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"^(?<y>[0-9]{4})[-/](?<m>[0-9]{1,2})$", Options)]
    private static partial Regex NumericMonth();

    [GeneratedRegex(@"^(?<y>[0-9]{4})[-/](?<m>[0-9]{1,2})[-/](?<d>[0-9]{1,2})$", Options)]
    private static partial Regex NumericDay();

    [GeneratedRegex(@"^(?<d>[0-9]{1,2})(?:st|nd|rd|th|ro|ero|º|°)?\s(?:(?:de|of)\s)?(?<mon>\p{L}+)\.?,?\s(?:(?:de|del)\s)?(?<y>[0-9]{4})$", Options)]
    private static partial Regex DayFirst();

    [GeneratedRegex(@"^(?<mon>\p{L}+)\.?\s(?<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\s(?<y>[0-9]{4})$", Options)]
    private static partial Regex MonthFirst();

    [GeneratedRegex(@"^(?<mon>\p{L}+)\.?,?\s(?:(?:de|del)\s)?(?<y>[0-9]{4})$", Options)]
    private static partial Regex NamedMonth();
}
