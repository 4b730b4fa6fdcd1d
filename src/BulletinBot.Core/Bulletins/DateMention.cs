using System.Globalization;
using System.Text.RegularExpressions;
using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// A day or a range of days written in running text. Either year may be missing: "January 22-23, 2018"
/// states only the end's year, "met on January 18" states none.
/// </summary>
internal readonly record struct DateMention(int Month, int Day, int? StartYear, int? EndMonth, int? EndDay, int? EndYear)
{
    public bool HasYear => StartYear is not null || EndYear is not null;

    private bool CrossesYear => EndMonth < Month;

    /// <summary>Resolves a mention that states a year; null when its first day does not exist.</summary>
    public (DateOnly Start, DateOnly? End)? Resolve()
    {
        if (EndMonth is not { } endMonth || EndDay is not { } endDay)
        {
            return StartYear is { } year && TryDate(year, Month, Day) is { } single ? (single, null) : null;
        }

        // "December 30 - January 2, 2018": the stated year belongs to the end, so the start is a year earlier.
        var startYear = StartYear ?? (CrossesYear ? EndYear - 1 : EndYear);
        var endYear = EndYear ?? (CrossesYear ? StartYear + 1 : StartYear);
        if (startYear is null || endYear is null || TryDate(startYear.Value, Month, Day) is not { } start)
        {
            return null;
        }

        return (start, CheckedEnd(start, TryDate(endYear.Value, endMonth, endDay)));
    }

    /// <summary>Resolves a mention without a year by placing its first day in <paramref name="year"/>.</summary>
    public (DateOnly Start, DateOnly? End)? ResolveIn(int year) =>
        (this with { StartYear = year, EndYear = null }).Resolve();

    /// <summary>True when the month and day could exist in some year (February 29 can).</summary>
    public bool IsPossibleDay => Month is >= 1 and <= 12 && Day >= 1 && Day <= DateTime.DaysInMonth(2000, Month);

    /// <summary>
    /// The longest range read as one ("December 30 - January 2" crosses a year; "January 5, 2017 to March 3, 2019" is
    /// read as its first day). The store finds an item that starts before a queried day by looking back this far.
    /// </summary>
    public const int MaxSpanDays = Bulletin.MaxDateSpanDays;

    private static DateOnly? CheckedEnd(DateOnly start, DateOnly? end) =>
        end > start && end.Value.DayNumber - start.DayNumber <= MaxSpanDays ? end : null;

    internal static DateOnly? TryDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
}

/// <summary>
/// Finds day mentions in English, Spanish, French and Portuguese prose: "On January 22-23, 2018", "El 1º de mayo de 2023",
/// "9 August 2018", "le 1er juin 2020", "lunes 1ro de junio y martes 2 de junio de 2020", "April 3rd to 5th, 2019".
/// </summary>
internal static partial class DateMentions
{
    private const string Month = "(?:" + MonthNames.Pattern + ")";
    private const string Ordinal = "(?:st|nd|rd|th|ro|ero|er|ère|º|ª|°)?";
    private const string Dash = @"\s*[-\u2010\u2011\u2012\u2013\u2014]\s*";
    private const string DayNumber = "[0-9]{1,2}(?![0-9])";
    private const string YearNumber = "[0-9]{4}(?![0-9])";

    private const int MaxMentionLength = 160;

    // A second day may be named with its weekday: "lunes 1ro de junio y martes 2 de junio".
    private const string Weekday =
        "(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miércoles|miercoles|jueves|viernes"
        + "|sábado|sabado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
        + "|segunda-feira|terça-feira|terca-feira|quarta-feira|quinta-feira|sexta-feira),?\\s+)?";

    private const string RangeWord = "\\s+(?:to|through|and|until|y|al|a|hasta|et|au|à|e)\\s+";

    private const string Iso = "\\b(?<y1>" + YearNumber + ")-(?<mn>[0-9]{1,2})-(?<d1>" + DayNumber + ")";

    private const string MonthFirst =
        "\\b(?<m1>" + Month + ")\\b\\.?\\s+(?<d1>" + DayNumber + ")" + Ordinal + "\\b"
        + "(?:,?\\s*(?<y1>" + YearNumber + "))?"
        + "(?:(?:" + Dash + "|" + RangeWord + ")(?:(?<m2>" + Month + ")\\b\\.?\\s+)?(?<d2>" + DayNumber + ")" + Ordinal + "\\b"
        + "(?:,?\\s*(?<y>" + YearNumber + "))?)?";

    private const string DayFirst =
        "\\b(?<d1>" + DayNumber + ")" + Ordinal
        + "(?:(?:" + Dash + "|" + RangeWord + ")(?<d2>" + DayNumber + ")" + Ordinal + ")?"
        + "\\s+(?:(?:de|of)\\s+)?(?<m1>" + Month + ")\\b\\.?"
        + "(?:,?\\s+(?:(?:de|del)\\s+)?(?<y1>" + YearNumber + "))?"
        + "(?:(?:" + Dash + "|" + RangeWord + ")(?:(?:el|le|o)\\s+)?" + Weekday + "(?<d2>" + DayNumber + ")" + Ordinal
        + "\\s+(?:(?:de|of)\\s+)?(?<m2>" + Month + ")\\b\\.?"
        + "(?:,?\\s+(?:(?:de|del)\\s+)?(?<y>" + YearNumber + "))?)?";

    // "15 set. 2022", "3 de out de 2022": the month abbreviations that are also common words, only between a day and a year.
    private const string AmbiguousMonth =
        "\\b(?<d1>" + DayNumber + ")" + Ordinal + "\\s+(?:de\\s+)?(?<m1>" + MonthNames.DayAndYearOnly + ")\\b\\.?,?\\s+(?:de\\s+)?(?<y1>" + YearNumber + ")";

    /// <summary>
    /// The first mention starting within the first <paramref name="limit"/> characters of
    /// <paramref name="text"/> that names a possible day; impossible ones (February 30) are skipped.
    /// </summary>
    public static (int Index, DateMention Mention)? FindFirst(string text, int limit) =>
        FindFirstMatch(text, limit) is { } found ? (found.Index, found.Mention) : null;

    /// <summary>As <see cref="FindFirst(string, int)"/>, with the length of the matched text.</summary>
    public static (int Index, int Length, DateMention Mention)? FindFirstMatch(string text, int limit)
    {
        limit = Math.Min(limit, text.Length);
        var firstDigit = text.AsSpan(0, limit).IndexOfAnyInRange('0', '9');
        if (firstDigit < 0)
        {
            return null;
        }

        // Every mention has a digit, preceded at most by a month name, dots and spaces; no mention
        // can start before that run, so the regex need not try the text ahead of it.
        var start = firstDigit;
        while (start > 0 && (char.IsWhiteSpace(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        // A mention starting before the limit ends within a few dozen characters of it, so the regex never needs
        // to see further; without this a short window on a long paragraph would still scan all of it.
        var length = Math.Min(text.Length, limit + MaxMentionLength) - start;
        for (var match = Any().Match(text, start, length); match.Success && match.Index < limit; match = match.NextMatch())
        {
            if (Read(match) is { } mention && (mention.HasYear ? mention.Resolve() is not null : mention.IsPossibleDay))
            {
                return (match.Index, match.Length, mention);
            }
        }

        return null;
    }

    public static (int Index, DateMention Mention)? FindFirst(string text) => FindFirst(text, text.Length);

    private static DateMention? Read(Match match)
    {
        var groups = match.Groups;
        int month;
        if (groups["mn"].Success)
        {
            month = Number(groups["mn"]);
        }
        else if (!MonthNames.TryGetMonth(groups["m1"].ValueSpan, out month))
        {
            return null;
        }

        var day = Number(groups["d1"]);
        var startYear = groups["y1"].Success ? Number(groups["y1"]) : (int?)null;
        var year = groups["y"].Success ? Number(groups["y"]) : (int?)null;
        if (!groups["d2"].Success)
        {
            return new DateMention(month, day, startYear, null, null, null);
        }

        var endMonth = month;
        if (groups["m2"].Success && !MonthNames.TryGetMonth(groups["m2"].ValueSpan, out endMonth))
        {
            return null;
        }

        return new DateMention(month, day, startYear, endMonth, Number(groups["d2"]), year);
    }

    private static int Number(Group group) =>
        int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(Iso + "|" + MonthFirst + "|" + DayFirst + "|" + AmbiguousMonth,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Any();
}
