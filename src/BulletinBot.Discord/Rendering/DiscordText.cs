using BulletinBot.Core.Text;
using System.Text;
using BulletinBot.Core.Commands;

namespace BulletinBot.Discord.Rendering;

/// <summary>Discord's Markdown escaping, and cutting or splitting text at word boundaries within a limit.</summary>
public static class DiscordText
{
    // Any of these can start Markdown (bold, lists, headings, quotes, links, spoilers) or a <@&role> mention.
    private const string Special = "\\*_~`|>#-[]()<";

    /// <summary>Text shown as written: every Markdown character is backslash-escaped.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Escaped text with the search's matched words in bold.</summary>
    public static string Marked(MarkedText text) =>
        string.Concat(text.Spans.Select(span => span.Marked && span.Text.Trim().Length > 0 ? $"**{Escape(span.Text)}**" : Escape(span.Text)));

    /// <summary>At most <paramref name="max"/> characters: cut at the last space before the limit and end with "…".</summary>
    public static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = WholeEnd(text, WordEnd(text, max - 1));
        return text[..cut].TrimEnd() + TextCut.Ellipsis;
    }

    /// <summary>
    /// Pieces of at most <paramref name="max"/> characters, split between paragraphs or words, never inside a word
    /// (a single word longer than the limit is the only thing ever split).
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        var pieces = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var paragraph = rest.LastIndexOf("\n\n", max, StringComparison.Ordinal);
            var cut = WholeEnd(rest, paragraph > max / 2 ? paragraph : WordEnd(rest, max));
            pieces.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            pieces.Add(rest);
        }

        return pieces;
    }

    /// <summary>
    /// <paramref name="cut"/> moved back to a grapheme boundary, and off an escaping backslash it would leave at the end.
    /// </summary>
    private static int WholeEnd(string text, int cut)
    {
        var end = TextCut.FloorOrCodePoint(text, cut);
        end = end > 1 && text[end - 1] == '\\' ? end - 1 : end;
        return end > 0 ? end : cut;
    }

    /// <summary>Where to cut so the first part ends a word and is at most <paramref name="max"/> long.</summary>
    private static int WordEnd(string text, int max)
    {
        for (var i = max; i > 0; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                // Never leave a lone escaping backslash at the end of a piece.
                return i;
            }
        }

        // One word longer than the limit: split it, but not between a backslash and what it escapes.
        return text[max - 1] == '\\' ? max - 1 : max;
    }
}
