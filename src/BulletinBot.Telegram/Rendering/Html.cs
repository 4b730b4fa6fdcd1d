using BulletinBot.Core.Text;
using System.Text;

namespace BulletinBot.Telegram.Rendering;

/// <summary>Telegram's HTML parse mode: the three characters it requires escaped, and its limits.</summary>
public static class Html
{
    /// <summary>Telegram's limit for one message's text, in UTF-16 characters; we keep the raw HTML within it.</summary>
    public const int MaxMessageLength = 4096;

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => null,
            } ?? c.ToString());
        }

        return builder.ToString();
    }

    public static int EscapedLength(ReadOnlySpan<char> text)
    {
        var length = text.Length;
        foreach (var c in text)
        {
            length += c switch
            {
                '&' => 4,
                '<' or '>' => 3,
                _ => 0,
            };
        }

        return length;
    }

    public static string Bold(string text) => $"<b>{Escape(text)}</b>";
}

/// <summary>
/// One paragraph of a message: plain text wrapped in optional tags. The text is escaped only when the
/// message is assembled, so a paragraph can be cut between characters of the plain text, never inside a
/// tag or an entity; each piece gets the tags again.
/// </summary>
public sealed record HtmlBlock(string Text, string Open = "", string Close = "")
{
    /// <summary>A block whose HTML is already made (balanced, escaped) and short: never cut.</summary>
    public static HtmlBlock Raw(string html) => new("", html, "");

    public int Length => Open.Length + Html.EscapedLength(Text) + Close.Length;

    public string Render() => Open + Html.Escape(Text) + Close;
}

/// <summary>Packs blocks into as few messages as fit the limit, cutting a block only when it alone is too long.</summary>
public static class MessagePacker
{
    private const string Separator = "\n\n";

    public static IReadOnlyList<string> Pack(IEnumerable<HtmlBlock> blocks, int limit = Html.MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var messages = new List<string>();
        var current = new StringBuilder();
        foreach (var piece in blocks.SelectMany(block => Cut(block, limit)))
        {
            var html = piece.Render();
            if (current.Length > 0 && current.Length + Separator.Length + html.Length > limit)
            {
                messages.Add(current.ToString());
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append(Separator);
            }

            current.Append(html);
        }

        if (current.Length > 0)
        {
            messages.Add(current.ToString());
        }

        return messages;
    }

    /// <summary>The block as pieces that each fit, cut at the last line break or space before the limit.</summary>
    private static IEnumerable<HtmlBlock> Cut(HtmlBlock block, int limit)
    {
        if (block.Length <= limit)
        {
            yield return block;
            yield break;
        }

        var budget = limit - block.Open.Length - block.Close.Length;
        var text = block.Text.AsMemory();
        while (text.Length > 0)
        {
            var end = FitLength(text.Span, budget);
            if (end < text.Length)
            {
                var breakAt = text.Span[..end].LastIndexOfAny('\n', ' ');
                end = breakAt > end / 2 ? breakAt + 1 : end;
                var whole = TextCut.FloorOrCodePoint(text.Span, end);
                end = whole > 0 ? whole : end;
            }

            var piece = text[..end].ToString().Trim();
            if (piece.Length > 0)
            {
                yield return block with { Text = piece };
            }

            text = text[end..];
        }
    }

    /// <summary>How many characters of <paramref name="text"/> fit into <paramref name="budget"/> once escaped.</summary>
    private static int FitLength(ReadOnlySpan<char> text, int budget)
    {
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            used += Html.EscapedLength(text.Slice(i, 1));
            if (used > budget)
            {
                return Math.Max(1, i);
            }
        }

        return text.Length;
    }
}
