using System.Collections.Frozen;

namespace BulletinBot.Core.Dates;

/// <summary>
/// English, Spanish, French and Portuguese month names, full and abbreviated, shared by the date command and the
/// page parser. Accented spellings are kept beside their folded forms because the page parser matches raw text.
/// </summary>
internal static class MonthNames
{
    /// <summary>
    /// Every key of the lookup as a regex alternation, longest spellings first. It has to be a constant
    /// so that [GeneratedRegex] patterns can embed it; a test keeps it in step with the lookup.
    /// Spanish and Portuguese "set" and Portuguese "out" are left out: in running English text "set 15 days"
    /// or "out 12 times" is no date. Prose reads them only between a day and a year (<see cref="DayAndYearOnly"/>);
    /// the date command, whose whole argument is a date, reads them as the lookup does.
    /// </summary>
    internal const string Pattern =
        "january|february|march|april|may|june|july|august|september|october|november|december"
        + "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
        + "|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
        + "|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro"
        + "|janv|févr|fevr|juil|déc"
        + "|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic|fév|fev|avr|mai|dez";

    /// <summary>
    /// Abbreviations that are also common words ("set", "out"): prose reads them as months only in "15 set. 2022" or
    /// "15 de out de 2022", with a day before and a year after. Kept out of <see cref="Pattern"/>.
    /// </summary>
    internal const string DayAndYearOnly = "set|out";

    private static readonly string[] English =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    private static readonly FrozenDictionary<string, int> Months = Build();

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Months.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static IEnumerable<string> AllNames => Months.Keys;

    /// <summary>Finds the month (1-12) a name stands for, ignoring case; accents must already be folded.</summary>
    internal static bool TryGetMonth(ReadOnlySpan<char> name, out int month) =>
        SpanLookup.TryGetValue(name, out month);

    internal static string EnglishName(int month) => English[month - 1];

    private static FrozenDictionary<string, int> Build()
    {
        string[][] spellings =
        [
            ["january", "jan", "enero", "ene", "janvier", "janv", "janeiro"],
            ["february", "feb", "febrero", "février", "fevrier", "févr", "fevr", "fév", "fev", "fevereiro"],
            ["march", "mar", "marzo", "mars", "março", "marco"],
            ["april", "apr", "abril", "abr", "avril", "avr"],
            ["may", "mayo", "mai", "maio"],
            ["june", "jun", "junio", "juin", "junho"],
            ["july", "jul", "julio", "juillet", "juil", "julho"],
            ["august", "aug", "agosto", "ago", "août", "aout"],
            ["september", "sep", "sept", "septiembre", "setiembre", "septembre", "setembro", "set"],
            ["october", "oct", "octubre", "octobre", "outubro", "out"],
            ["november", "nov", "noviembre", "novembre", "novembro"],
            ["december", "dec", "diciembre", "dic", "décembre", "decembre", "déc", "dezembro", "dez"],
        ];
        var months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < spellings.Length; i++)
        {
            foreach (var name in spellings[i])
            {
                months.Add(name, i + 1);
            }
        }

        return months.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
