using System.Collections.Frozen;

namespace BulletinBot.Core.Dates;

/// <summary>English and Spanish month names, full and abbreviated, shared by the date command and the page parser.</summary>
internal static class MonthNames
{
    /// <summary>
    /// Every key of the lookup as a regex alternation, longest spellings first. It has to be a constant
    /// so that [GeneratedRegex] patterns can embed it; a test keeps it in step with the lookup.
    /// Spanish "set" (setiembre) is left out: in running English text "set 15 days" is no date.
    /// </summary>
    internal const string Pattern =
        "january|february|march|april|may|june|july|august|september|october|november|december"
        + "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
        + "|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic";

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
            ["january", "jan", "enero", "ene"],
            ["february", "feb", "febrero"],
            ["march", "mar", "marzo"],
            ["april", "apr", "abril", "abr"],
            ["may", "mayo"],
            ["june", "jun", "junio"],
            ["july", "jul", "julio"],
            ["august", "aug", "agosto", "ago"],
            ["september", "sep", "sept", "septiembre", "setiembre"],
            ["october", "oct", "octubre"],
            ["november", "nov", "noviembre"],
            ["december", "dec", "diciembre", "dic"],
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
