using System.Buffers;

namespace BulletinBot.Core.Bulletins;

/// <summary>Splits raw page text into cleaned, non-empty lines.</summary>
internal static class PageText
{
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\u0085\u2028\u2029");

    private static readonly SearchValues<char> NeedsCleaning = SearchValues.Create(CharactersToClean());

    /// <summary>
    /// Every non-empty line, with whitespace of any kind (non-breaking spaces, tabs, control
    /// characters) folded to single spaces and trimmed, and invisible marks (BOM, zero-width space) removed.
    /// </summary>
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var rest = text.AsSpan();
        var scratch = Array.Empty<char>();
        while (true)
        {
            var end = rest.IndexOfAny(LineBreaks);
            var line = end < 0 ? rest : rest[..end];
            if (IsClean(line))
            {
                lines.Add(new string(line));
            }
            else
            {
                if (scratch.Length < line.Length)
                {
                    scratch = new char[Math.Max(line.Length, 256)];
                }

                if (Clean(line, scratch) is var length and > 0)
                {
                    lines.Add(new string(scratch, 0, length));
                }
            }

            if (end < 0)
            {
                return lines;
            }

            rest = rest[(end + 1)..];
        }
    }

    // Most lines need no cleaning; a vectorised check lets them be copied as they are.
    private static bool IsClean(ReadOnlySpan<char> line) =>
        line.Length > 0
        && line[0] != ' '
        && line[^1] != ' '
        && !line.ContainsAny(NeedsCleaning)
        && !line.Contains("  ", StringComparison.Ordinal);

    private static string CharactersToClean()
    {
        var characters = new List<char> { '\uFEFF', '\u200B', '\u2060' };
        for (var c = '\0'; c < char.MaxValue; c++)
        {
            if (c != ' ' && (char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                characters.Add(c);
            }
        }

        return new string(characters.ToArray());
    }

    private static int Clean(ReadOnlySpan<char> line, Span<char> output)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (c is '\uFEFF' or '\u200B' or '\u2060')
            {
                continue;
            }

            if (pendingSpace)
            {
                output[length++] = ' ';
                pendingSpace = false;
            }

            output[length++] = c;
        }

        return length;
    }
}
