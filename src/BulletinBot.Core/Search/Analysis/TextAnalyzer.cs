using BulletinBot.Core.Text;
using System.Globalization;

namespace BulletinBot.Core.Search.Analysis;

/// <summary>One token of a text: where it stands in the text and the term it normalises to.</summary>
internal readonly record struct AnalyzedToken(int Start, int Length, string Term, bool IsStopWord);

/// <summary>
/// The one normalisation used at index time, at query time and for snippets: tokens are runs of
/// letters and digits (an apostrophe between letters stays inside), folded to lowercase without
/// accents, then lightly stemmed for English and Spanish plurals and possessives.
/// </summary>
internal static class TextAnalyzer
{
    public const int MaxTermLength = 40;

    // Room for folding a token that expands (ß → ss) before it is cut to MaxTermLength.
    internal const int BufferLength = MaxTermLength * 2 + 8;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
        "have", "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "she", "that",
        "the", "their", "there", "they", "this", "to", "was", "were", "which", "who", "will", "with",
        // Spanish
        "al", "con", "de", "del", "e", "el", "en", "es", "esta", "este", "la", "las", "lo", "los",
        "o", "para", "por", "que", "se", "su", "sus", "un", "una", "uno", "unos", "unas", "y",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup =
        StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Words whose trailing s is not a plural; stemming them would merge unrelated words (news/new).
    private static readonly HashSet<string> NotPlurals = new(StringComparer.Ordinal)
    {
        "news", "series", "species", "always", "perhaps", "whereas", "thus", "plus", "lens", "chaos",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotPluralLookup =
        NotPlurals.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsStopTerm(ReadOnlySpan<char> term) => StopWordLookup.Contains(term);

    /// <summary>Finds the next token at or after <paramref name="position"/>.</summary>
    public static bool NextToken(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < text.Length && !IsTokenChar(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            position = text.Length;
            start = text.Length;
            length = 0;
            return false;
        }

        start = i;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsTokenChar(c))
            {
                i++;
            }
            else if (IsApostrophe(c) && i + 1 < text.Length && char.IsLetter(text[i + 1]) && char.IsLetter(text[i - 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        length = i - start;
        position = i;
        return true;
    }

    /// <summary>
    /// Normalises one raw token into <paramref name="destination"/> (at least <see cref="BufferLength"/>
    /// long) and returns the term's length; 0 when nothing is left of it.
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> token, Span<char> destination, out bool isStopWord)
    {
        var length = 0;
        var truncated = false;
        var hasDigit = false;
        Span<char> folded = stackalloc char[TextFold.MaxExpansion];
        foreach (var c in token)
        {
            if (length > BufferLength - TextFold.MaxExpansion)
            {
                truncated = true;
                break;
            }

            if (c < 0x80)
            {
                if (c is >= 'A' and <= 'Z')
                {
                    destination[length++] = (char)(c + 32);
                }
                else
                {
                    hasDigit |= c is >= '0' and <= '9';
                    destination[length++] = c;
                }

                continue;
            }

            if (IsApostrophe(c))
            {
                destination[length++] = '\'';
                continue;
            }

            foreach (var f in folded[..TextFold.Fold(c, folded)])
            {
                hasDigit |= char.IsDigit(f);
                destination[length++] = char.ToLowerInvariant(f);
            }
        }

        // Possessive: "Cuba's" is about Cuba.
        if (length >= 2 && destination[length - 1] == 's' && destination[length - 2] == '\'')
        {
            length -= 2;
        }

        var kept = 0;
        for (var i = 0; i < length; i++)
        {
            if (destination[i] != '\'')
            {
                destination[kept++] = destination[i];
            }
        }

        length = Math.Min(kept, MaxTermLength);
        truncated |= kept > MaxTermLength;
        isStopWord = length > 0 && StopWordLookup.Contains(destination[..length]);
        if (length == 0 || isStopWord || truncated || hasDigit)
        {
            return length;
        }

        Span<char> original = stackalloc char[MaxTermLength];
        destination[..length].CopyTo(original);
        var stemmed = Stem(destination, length);
        if (stemmed != length && StopWordLookup.Contains(destination[..stemmed]))
        {
            // A word that would stem into a stop word ("bes" → "be") stays as it is, so a term is a stop
            // word exactly when the word was one.
            original[..length].CopyTo(destination);
            return length;
        }

        return stemmed;
    }

    /// <summary>The normalised term of a single word, or an empty string when it has none.</summary>
    public static string NormalizeWord(ReadOnlySpan<char> word, out bool isStopWord)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        var length = Normalize(word, buffer, out isStopWord);
        return new string(buffer[..length]);
    }

    /// <summary>All tokens of a text with their positions in it, for snippets and other display code.</summary>
    public static List<AnalyzedToken> Tokenize(string text)
    {
        var tokens = new List<AnalyzedToken>();
        Span<char> buffer = stackalloc char[BufferLength];
        var position = 0;
        while (NextToken(text, ref position, out var start, out var length))
        {
            var termLength = Normalize(text.AsSpan(start, length), buffer, out var isStop);
            if (termLength > 0)
            {
                tokens.Add(new AnalyzedToken(start, length, new string(buffer[..termLength]), isStop));
            }
        }

        return tokens;
    }

    // Light and predictable: plurals and a final e only, the same rules for English and Spanish,
    // so "meetings" → "meeting", "migraciones" → "migracion", "policies" → "policy", "houses" and
    // "house" → "hous", "presidentes" and "president" → "president".
    private static int Stem(Span<char> term, int length)
    {
        if (length <= 3 || NotPluralLookup.Contains(term[..length]))
        {
            return length;
        }

        if (length > 4 && term[length - 1] == 's' && term[length - 2] == 'e' && term[length - 3] == 'i'
            && term[length - 4] is not ('a' or 'e'))
        {
            term[length - 3] = 'y';
            return length - 2;
        }

        if (term[length - 1] == 's' && term[length - 2] is not ('s' or 'u' or 'i'))
        {
            length--;
        }

        if (length > 3 && term[length - 1] == 'e')
        {
            length--;
        }

        return length;
    }

    private static bool IsTokenChar(char c) =>
        char.IsLetterOrDigit(c)
        || (c >= '\u0300' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark);

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';
}
