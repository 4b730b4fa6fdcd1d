namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>
/// Telegram's HTML parse mode as the Bot API documents it: only its tags, balanced, with only &amp;lt; &amp;gt;
/// &amp;amp; &amp;quot; and numeric entities, and no bare &lt; &gt; or &amp;. Gives the text length after parsing.
/// </summary>
internal static class TelegramHtml
{
    private static readonly HashSet<string> Tags =
    [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "tg-emoji", "code", "pre", "blockquote",
    ];

    private static readonly HashSet<string> NamedEntities = ["lt", "gt", "amp", "quot"];

    public static bool TryParse(string html, out int textLength, out string? error)
    {
        textLength = 0;
        error = null;
        var open = new Stack<string>();
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    error = $"unclosed tag at byte offset {i}";
                    return false;
                }

                var tag = html[(i + 1)..end];
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ', 2)[0];
                if (!Tags.Contains(name))
                {
                    error = $"unsupported start tag \"{name}\" at byte offset {i}";
                    return false;
                }

                if (closing)
                {
                    if (open.Count == 0 || open.Pop() != name)
                    {
                        error = $"unmatched end tag at byte offset {i}, expected \"</{(open.Count > 0 ? open.Peek() : "")}>\", found \"</{name}>\"";
                        return false;
                    }
                }
                else
                {
                    open.Push(name);
                }

                i = end;
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                if (end < 0 || end - i > 10 || !IsEntity(html[(i + 1)..end]))
                {
                    error = $"unsupported or bare & at byte offset {i}";
                    return false;
                }

                textLength++;
                i = end;
            }
            else if (c == '>')
            {
                error = $"bare > at byte offset {i}";
                return false;
            }
            else
            {
                textLength++;
            }
        }

        if (open.Count > 0)
        {
            error = $"can't find end tag corresponding to start tag \"{open.Peek()}\"";
            return false;
        }

        return true;
    }

    private static bool IsEntity(string body) =>
        NamedEntities.Contains(body)
        || (body.StartsWith("#x", StringComparison.OrdinalIgnoreCase) && body.Length > 2 && body[2..].All(Uri.IsHexDigit))
        || (body.StartsWith('#') && body.Length > 1 && body[1..].All(char.IsAsciiDigit));
}
