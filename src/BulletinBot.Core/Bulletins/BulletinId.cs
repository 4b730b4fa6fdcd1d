using BulletinBot.Core.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// Stable bulletin ids: a hash of the normalised source, title and date, written in an
/// unambiguous lowercase base-32 alphabet (no i, l, o, u), so a short prefix is easy to type.
/// </summary>
public static class BulletinId
{
    public const int FullLength = 16;
    public const int ShortLength = 7;
    public const int MinPrefixLength = 4;

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string Compute(string source, string title, DateOnly? date) =>
        Hash(string.Join('\n',
            Normalise(source),
            Normalise(title),
            date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated"));

    /// <summary>
    /// The id of a feed entry that names itself (an RSS <c>guid</c>, an Atom <c>id</c>): the source and that name, so
    /// that the entry keeps its id when its title or date is corrected.
    /// </summary>
    public static string ForEntry(string source, string entryId) =>
        Hash(string.Join('\n', Normalise(source), "entry", entryId.Trim()));

    private static string Hash(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Encode(hash, FullLength);
    }

    public static string Shorten(string id) => id.Length <= ShortLength ? id : id[..ShortLength];

    /// <summary>True when <paramref name="text"/> could be an id or an id prefix a person typed.</summary>
    public static bool LooksLikeId(string text) =>
        text.Length is >= MinPrefixLength and <= FullLength
        && text.All(c => Alphabet.Contains(char.ToLowerInvariant(c), StringComparison.Ordinal));

    /// <summary>
    /// Folds case, compatibility forms (non-breaking spaces, ligatures), accents, curly quotes and
    /// runs of whitespace, so that cosmetic edits to a page do not change an item's id.
    /// </summary>
    internal static string Normalise(string text) => TextFold.FoldWords(text, Finish);

    /// <summary>What <see cref="Normalise"/> makes of a folded character: typographic quotes and dashes plain, letters lower case.</summary>
    internal static char Finish(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u00B4' or '`' => '\'',
        '\u201C' or '\u201D' => '"',
        '\u2013' or '\u2014' => '-',
        _ => char.ToLowerInvariant(c),
    };

    private static string Encode(ReadOnlySpan<byte> bytes, int length)
    {
        var chars = new char[length];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        for (var i = 0; index < length; i++)
        {
            buffer = (buffer << 8) | bytes[i];
            bits += 8;
            while (bits >= 5 && index < length)
            {
                bits -= 5;
                chars[index++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        return new string(chars);
    }
}
