using System.Globalization;
using System.Text;

namespace BulletinBot.Core.Text;

/// <summary>
/// Folds Latin letters with diacritics and typographic ligatures to plain letters ("Fernández" to
/// "Fernandez", "ﬁ" to "fi"). It does not use <see cref="string.Normalize()"/>: under
/// InvariantGlobalization that leaves non-ASCII text unchanged, and ids must not depend on the runtime's
/// globalization mode. Ids, dates and search all fold through here, so they agree on what a letter is.
/// </summary>
internal static class TextFold
{
    public const int MaxExpansion = 3;

    private const char FirstLatin = '\u00C0';

    // One letter per code point from U+00C0 to U+017F; '-' marks a character kept as it is or folded
    // to more than one letter below.
    private const string LatinTable =
        "AAAAAA-CEEEEIIIIDNOOOOO-OUUUUY--" // U+00C0
        + "aaaaaa-ceeeeiiiidnooooo-ouuuuy-y" // U+00E0
        + "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGg" // U+0100
        + "GgGgHhHhIiIiIiIiIi--JjKkqLlLlLlL" // U+0120
        + "lLlNnNnNn-NnOoOoOo--RrRrRrSsSsSs" // U+0140
        + "SsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs"; // U+0160

    /// <summary>
    /// Folds every character of <paramref name="text"/>, collapses runs of whitespace to one space and
    /// trims the ends; <paramref name="finish"/> maps each folded character (to lower case, say).
    /// </summary>
    public static string FoldWords(string text, Func<char, char> finish)
    {
        var builder = new StringBuilder(text.Length);
        Span<char> folded = stackalloc char[MaxExpansion];
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            var length = Fold(c, folded);
            if (length == 0)
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            foreach (var f in folded[..length])
            {
                builder.Append(finish(f));
            }
        }

        return builder.ToString();
    }

    /// <summary>Writes the folded form of <paramref name="c"/> (up to <see cref="MaxExpansion"/> characters) and returns its length; combining marks fold to nothing.</summary>
    public static int Fold(char c, Span<char> output)
    {
        if (c < FirstLatin)
        {
            output[0] = c;
            return 1;
        }

        if (c < FirstLatin + LatinTable.Length && LatinTable[c - FirstLatin] is var letter and not '-')
        {
            output[0] = letter;
            return 1;
        }

        var expanded = c switch
        {
            'Æ' => "AE",
            'æ' => "ae",
            'Œ' => "OE",
            'œ' => "oe",
            'ß' => "ss",
            'Þ' => "TH",
            'þ' => "th",
            'Ĳ' => "IJ",
            'ĳ' => "ij",
            '\uFB00' => "ff",
            '\uFB01' => "fi",
            '\uFB02' => "fl",
            '\uFB03' => "ffi",
            '\uFB04' => "ffl",
            '\uFB05' or '\uFB06' => "st",
            _ => null,
        };
        if (expanded is not null)
        {
            expanded.CopyTo(output);
            return expanded.Length;
        }

        if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return 0;
        }

        // Fullwidth ASCII, as East Asian keyboards type it.
        output[0] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
        return 1;
    }
}
