using System.Globalization;
using System.Text;

namespace BulletinBot.Benchmarks.Text;

/// <summary>
/// The floor index's tokeniser, close to SQLite's unicode61 with remove_diacritics: letters and
/// digits make tokens, everything else separates them; case and accents are folded.
/// </summary>
internal static class Folding
{
    private static readonly char[] Table = BuildTable();

    /// <summary>Calls <paramref name="onToken"/> for each folded token, in order, with a buffer valid only during the call.</summary>
    public static void Tokenize<TState>(ReadOnlySpan<char> text, ref TState state, TokenAction<TState> onToken)
    
    {
        Span<char> buffer = stackalloc char[128];
        var length = 0;
        foreach (var c in text)
        {
            var folded = Fold(c);
            if (folded != '\0')
            {
                if (length < buffer.Length)
                {
                    buffer[length++] = folded;
                }
            }
            else if (length > 0)
            {
                onToken(buffer[..length], ref state);
                length = 0;
            }
        }

        if (length > 0)
        {
            onToken(buffer[..length], ref state);
        }
    }

    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        Tokenize(text, ref tokens, static (ReadOnlySpan<char> token, ref List<string> list) => list.Add(token.ToString()));
        return tokens;
    }

    public static char Fold(char c) =>
        c < Table.Length ? Table[c] : char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '\0';

    private static char[] BuildTable()
    {
        var table = new char[0x250];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)i;
            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            var decomposed = c.ToString().Normalize(NormalizationForm.FormKD);
            var basic = decomposed.FirstOrDefault(d => CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark);
            table[i] = char.ToLowerInvariant(basic == '\0' ? c : basic);
        }

        return table;
    }
}

internal delegate void TokenAction<TState>(ReadOnlySpan<char> token, ref TState state);
