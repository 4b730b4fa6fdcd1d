using System.Buffers;

namespace BulletinBot.Core.Bulletins;

/// <summary>Splits raw page text into cleaned, non-empty lines.</summary>
internal static class PageText
{
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\u0085\u2028\u2029");

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
            if (scratch.Length < line.Length)
            {
                scratch = new char[Math.Max(line.Length, 256)];
            }

            var length = Clean(line, scratch);
            if (length > 0)
            {
                lines.Add(new string(scratch, 0, length));
            }

            if (end < 0)
            {
                return lines;
            }

            rest = rest[(end + 1)..];
        }
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
