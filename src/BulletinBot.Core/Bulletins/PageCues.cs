using System.Text.RegularExpressions;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// Shapes of lines that are neither titles nor prose, and one echo between a title and its lead, for
/// <see cref="PageStructure"/>: a subtitle naming the kind of document ("Declaration of the Ministry of Foreign
/// Affairs"), a salutation opening a speech ("Distinguished Heads of Delegation:"), and a place line above a dateline
/// ("Kazan, Russia").
/// </summary>
internal static partial class PageCues
{
    private const int MaxSubtitleWords = 12;
    private const int MaxSalutationWords = 10;
    private const int MaxPlaceWords = 5;
    private const int MaxPlaceLength = 40;

    // A lead repeats its title's words: at least this many of the title's longer words, and this share of them.
    private const int MinEchoedWords = 4;
    private const int EchoPercent = 60;

    /// <summary>"Declaration of the Ministry of Foreign Affairs", "Press release", "Declaración del MINREX": no subject of its own.</summary>
    public static bool IsSubtitle(string block) =>
        WordCount(block) <= MaxSubtitleWords && !block.Contains(':', StringComparison.Ordinal) && SubtitleStart().IsMatch(block);

    /// <summary>"Distinguished Heads of Delegation:", "Dear friends,", "Excelentísimos señores:": short, and ends with ':' or ','.</summary>
    public static bool IsSalutation(string block) =>
        WordCount(block) <= MaxSalutationWords && block.TrimEnd() is [.., ':' or ','] && SalutationStart().IsMatch(block);

    /// <summary>"Kazan, Russia", "Washington, D.C.": a few capitalised words around a comma, no digits, no sentence.</summary>
    public static bool IsPlaceLine(string block) =>
        block.Length <= MaxPlaceLength && WordCount(block) <= MaxPlaceWords && PlaceLine().IsMatch(block);

    /// <summary>How many of <paramref name="title"/>'s longer words <paramref name="lead"/> repeats, when it repeats most of them; else 0.</summary>
    public static int EchoedWords(string title, string lead)
    {
        var titleWords = LongWords(title);
        if (titleWords.Count < MinEchoedWords)
        {
            return 0;
        }

        var leadWords = LongWords(lead);
        var echoed = titleWords.Count(leadWords.Contains);
        return echoed >= MinEchoedWords && echoed * 100 >= titleWords.Count * EchoPercent ? echoed : 0;
    }

    private static HashSet<string> LongWords(string text) =>
        Word().Matches(BulletinId.Normalise(text)).Select(m => m.Value).Where(w => w.Length > 3).ToHashSet(StringComparer.Ordinal);

    private static int WordCount(string text) => text.AsSpan().Trim().Count(' ') + 1;

    [GeneratedRegex(@"^(?:(?:joint\s+|official\s+)?(?:declaration|statement|press\s+release|communiqu[eé]|note)|declaraci[oó]n|comunicado|nota\s+(?:de\s+prensa|informativa|oficial)|declara[cç][aã]o|d[ée]claration|note\s+de\s+presse)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubtitleStart();

    [GeneratedRegex(@"^(?:distinguished|dear|excellenc|your\s+excellenc|ladies\s+and\s+gentlemen|mr\.?\s+president|madam\s+president|honou?rable|esteemed|colleagues|friends|distinguid|estimad|querid|excelent[ií]sim|se[ñn]or|se[ñn]ora|compa[ñn]er|amigos|chers|ch[eè]res|mesdames|messieurs|excellence|prezad|caros|caras|senhor|senhora|excelent[ií]ssim)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SalutationStart();

    [GeneratedRegex(@"^\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*,\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceLine();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
