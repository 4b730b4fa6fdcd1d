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

    internal const string Hint =
        "Try a day like 2018-07-11, a month like 2018-07 or July 2018, a year like 2018, "
        + "or a range like 2018-01-01..2018-03-31.";

    public static WhenResult Parse(string text, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return WhenResult.Fail($"Tell me which date. {Hint}");
        }

        // Checked before any matching so that a pasted wall of text costs nothing.
        if (trimmed.Length > MaxLength)
        {
            return WhenResult.Fail($"That is too long to be a date ({trimmed.Length} characters). {Hint}");
        }

        trimmed = trimmed.Replace('\u2026'.ToString(), "..", StringComparison.Ordinal);
        var separator = trimmed.IndexOf("..", StringComparison.Ordinal);
        if (separator < 0)
        {
            return ParseTerm(trimmed, today, out var single) is { } error
                ? WhenResult.Fail(error)
                : WhenResult.Ok(single!);
        }

        var left = trimmed[..separator].Trim();
        var right = trimmed[(separator + 2)..].Trim();
        if (left.Length == 0 || right.Length == 0 || right.Contains("..", StringComparison.Ordinal))
        {
            return WhenResult.Fail(
                $"I don't know the range \"{trimmed}\". A range is two dates joined by .., like 2018-01-01..2018-03-31 or 2018-01..2018-03.");
        }

        if (ParseTerm(left, today, out var from) is { } leftError)
        {
            return WhenResult.Fail(leftError);
        }

        if (ParseTerm(right, today, out var to) is { } rightError)
        {
            return WhenResult.Fail(rightError);
        }

        return to!.To < from!.From
            ? WhenResult.Fail(
                $"The range {left}..{right} runs backwards: {right} comes before {left}. Put the earlier date first, like 2018-01-01..2018-03-31.")
            : WhenResult.Ok(new DateRange(from.From, to.To));
    }

    /// <summary>Parses one side of a range; returns an error message, or null with <paramref name="range"/> set.</summary>
    private static string? ParseTerm(string original, DateOnly today, out DateRange? range)
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
            return MakeYear(original, Number(year, "y"), out range);
        }

        if (NumericMonth().Match(text) is { Success: true } numericMonth)
        {
            return MakeMonth(original, Number(numericMonth, "y"), Number(numericMonth, "m"), out range);
        }

        if (NumericDay().Match(text) is { Success: true } numericDay)
        {
            return MakeDay(original, Number(numericDay, "y"), Number(numericDay, "m"), Number(numericDay, "d"), out range);
        }

        var named = DayFirst().Match(text);
        if (!named.Success)
        {
            named = MonthFirst().Match(text);
        }

        if (named.Success && MonthNames.TryGetMonth(named.Groups["mon"].ValueSpan, out var month))
        {
            return MakeDay(original, Number(named, "y"), month, Number(named, "d"), out range);
        }

        if (NamedMonth().Match(text) is { Success: true } namedMonth
            && MonthNames.TryGetMonth(namedMonth.Groups["mon"].ValueSpan, out var monthOnly))
        {
            return MakeMonth(original, Number(namedMonth, "y"), monthOnly, out range);
        }

        return $"I don't know the date \"{original}\". {Hint}";
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

    private static string? MakeYear(string original, int year, out DateRange? range)
    {
        range = null;
        if (year < 1)
        {
            return $"{original} is not a real year (years start at 1). {Hint}";
        }

        range = new DateRange(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return null;
    }

    private static string? MakeMonth(string original, int year, int month, out DateRange? range)
    {
        range = null;
        if (year < 1)
        {
            return $"{original} is not a real date (years start at 1). {Hint}";
        }

        if (month is < 1 or > 12)
        {
            return $"{original} is not a real date (months run from 1 to 12). {Hint}";
        }

        range = new DateRange(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));
        return null;
    }

    private static string? MakeDay(string original, int year, int month, int day, out DateRange? range)
    {
        if (MakeMonth(original, year, month, out range) is { } error)
        {
            return error;
        }

        range = null;
        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
        {
            return $"{original} is not a real date ({MonthNames.EnglishName(month)} {year} has {days} days). {Hint}";
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
