using System.Globalization;
using System.Text;

namespace BulletinBot.Core.Text;

/// <summary>
/// Shortening text without breaking what a reader sees as one character: never inside a surrogate pair, a base
/// letter and its combining marks, a flag, or an emoji with its skin tone or ZWJ joins (extended grapheme clusters,
/// as <see cref="StringInfo"/> finds them). Lengths are UTF-16 code units, which is what Telegram counts and never
/// fewer than the code points Discord counts, so a cut that fits one fits the other.
/// </summary>
public static class TextCut
{
    public const string Ellipsis = "…";

    /// <summary>The longest prefix length of at most <paramref name="max"/> units that ends between two graphemes; 0 when not even the first fits.</summary>
    public static int Floor(ReadOnlySpan<char> text, int max)
    {
        if (max >= text.Length)
        {
            return text.Length;
        }

        if (max <= 0)
        {
            return 0;
        }

        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text[end..]);
            if (next > max)
            {
                break;
            }

            end = next;
        }

        return end;
    }

    /// <summary>
    /// <see cref="Floor"/>, or, for a splitter that must make progress when the first grapheme alone is longer than
    /// <paramref name="max"/> (a run of hundreds of combining marks), the longest prefix that ends between two code points.
    /// </summary>
    public static int FloorOrCodePoint(ReadOnlySpan<char> text, int max)
    {
        var end = Floor(text, max);
        if (end > 0 || max <= 0 || max >= text.Length)
        {
            return end;
        }

        return char.IsLowSurrogate(text[max]) && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
    }

    /// <summary>The text itself when it fits in <paramref name="max"/> units, else its longest fitting grapheme prefix followed by "…", all within <paramref name="max"/>.</summary>
    public static string Shorten(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        return max < Ellipsis.Length ? "" : string.Concat(text.AsSpan(0, Floor(text, max - Ellipsis.Length)), Ellipsis);
    }

    /// <summary>Whether <paramref name="text"/> holds a surrogate without its partner, which shows as U+FFFD once encoded.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var used) != System.Buffers.OperationStatus.Done)
            {
                return true;
            }

            text = text[used..];
        }

        return false;
    }
}
