using System.Globalization;
using BulletinBot.Core.Text;

namespace BulletinBot.TestText;

/// <summary>Titles made of what one reader sees as one character but text stores as several units.</summary>
public static class Graphemes
{
    public static readonly string[] Pieces =
    [
        "😀", // a surrogate pair
        "🇪🇸", "🇺🇸", // flags: two regional indicators, four units
        "👍🏽", // a skin tone modifier
        "👩‍👩‍👧‍👦", // a ZWJ family
        "🧑🏿‍🚀", // skin tone and ZWJ
        "e\u0301", "n\u0303", "a\u0308\u0323", // combining marks
        "ק\u05B8", // a Hebrew point
        "❤️", // a variation selector
        "1️⃣", // a keycap
        "a", " ", "—",
    ];

    // Every first part of a piece that is not the piece itself.
    private static readonly HashSet<string> BrokenPieces =
        [.. Pieces.SelectMany(piece => Enumerable.Range(1, piece.Length - 1).Select(n => piece[..n]).Where(part => !Pieces.Contains(part)))];

    /// <summary>
    /// A run of one piece behind 1 to 300 letters, so each limit of a renderer falls at every offset inside the piece; then
    /// titles that are themselves 1 to 300 units of whole graphemes.
    /// </summary>
    public static IEnumerable<string> Shifted()
    {
        foreach (var piece in Pieces)
        {
            var run = string.Concat(Enumerable.Repeat(piece, 400 / piece.Length + 1));
            for (var shift = 1; shift <= 300; shift++)
            {
                yield return new string('x', shift) + run;
            }
        }

        foreach (var title in Titles())
        {
            for (var length = 1; length <= 300; length++)
            {
                // Titles that are themselves 1 to 300 units of whole graphemes, most starting with an emoji or a mark.
                if (TextCut.Floor(title, length) is var end and > 0)
                {
                    yield return title[..end];
                }
            }
        }
    }

    /// <summary>Titles that start with each piece, repeat pieces, and mix them with words, up to 300 units and more.</summary>
    public static IEnumerable<string> Titles()
    {
        foreach (var piece in Pieces)
        {
            yield return string.Concat(Enumerable.Repeat(piece, 320 / piece.Length + 1));
            yield return piece + " Migration talks " + string.Concat(Enumerable.Repeat(piece, 100));
        }

        yield return string.Concat(Enumerable.Range(0, 400).Select(i => Pieces[i % Pieces.Length]));
        yield return string.Concat(Enumerable.Range(0, 400).Select(i => Pieces[(i * 7) % Pieces.Length] + (i % 5 == 0 ? " " : "")));
    }

    /// <summary>Whether <paramref name="cut"/> (less a trailing "…") is <paramref name="original"/> up to a grapheme boundary, with nothing broken.</summary>
    public static void AssertWhole(string original, string cut)
    {
        Assert.DoesNotContain('\uFFFD', cut);
        Assert.False(TextCut.HasLoneSurrogate(cut), "a lone surrogate");
        AssertNoBrokenPiece(cut);
        var kept = cut.EndsWith(TextCut.Ellipsis, StringComparison.Ordinal) && !original.StartsWith(cut, StringComparison.Ordinal)
            ? cut[..^TextCut.Ellipsis.Length]
            : cut;
        if (original.StartsWith(kept, StringComparison.Ordinal))
        {
            Assert.Contains(kept.Length, Boundaries(original));
        }
    }

    /// <summary>No grapheme of <paramref name="text"/> is the first part of a piece without being the piece: no flag, tone, join or mark cut off.</summary>
    public static void AssertNoBrokenPiece(string text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, at);
            var element = text.Substring(at, length);
            if ((element[0] >= 0x80 || length > 1) && BrokenPieces.Contains(element))
            {
                Assert.Fail($"{Escape(element)} is part of a character, at {at} in {Escape(text)}");
            }

            at += length;
        }
    }

    public static HashSet<int> Boundaries(string text)
    {
        var ends = new HashSet<int> { 0 };
        var at = 0;
        while (at < text.Length)
        {
            at += StringInfo.GetNextTextElementLength(text, at);
            ends.Add(at);
        }

        return ends;
    }

    public static string Escape(string text) => string.Concat(text.Select(c => c < 0x80 ? c.ToString() : $"\\u{(int)c:X4}"));
}
