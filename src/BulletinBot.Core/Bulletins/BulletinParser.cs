using System.Collections.Frozen;
using System.Text.RegularExpressions;
using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// Turns one plain-text page into bulletins. A page is a section header line, then items newest
/// first; an item is a title line followed by one or more body paragraphs.
/// </summary>
public static partial class BulletinParser
{
    internal const int MaxHeaderLength = 200;
    internal const int MaxTitleWords = 30;
    internal const int MaxTitleLength = 300;

    // How far into a block a date may start and still make the block open with a date phrase.
    private const int DatePhraseWindow = 80;

    // Appended to the title when two items on one page would share an id; a control character
    // cannot occur in a cleaned title, so the suffixed key never equals a real one.
    private const char CollisionMark = '\u0001';

    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "d.c.", "u.s.", "u.s.a.", "u.k.", "u.n.", "e.u.", "ee.uu.", "jr.", "sr.", "inc.", "ltd.", "co.",
        "corp.", "st.", "mt.", "dr.", "mr.", "mrs.", "ms.", "prof.", "gen.", "gov.", "sen.", "rep.",
        "etc.", "no.", "vs.", "a.m.", "p.m.", "s.a.", "cía.", "av.", "dra.", "sra.", "sto.",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string> DateLeadWords = new[]
    {
        "on", "in", "since", "from", "between", "during", "el", "en", "desde", "del", "entre", "durante", "los", "las",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> DateLeadLookup =
        DateLeadWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <exception cref="BulletinFormatException">The text is empty, binary, has no header, or has no item.</exception>
    public static ParsedPage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new BulletinFormatException("The text looks binary (it contains NUL characters), not like a bulletin page.");
        }

        var blocks = PageText.Lines(text);
        if (blocks.Count == 0)
        {
            throw new BulletinFormatException("The page is empty: it has no text, only whitespace.");
        }

        var source = blocks[0];
        if (source.Length > MaxHeaderLength)
        {
            throw new BulletinFormatException(
                $"The page has no section header: its first line is {source.Length} characters long, and a header is at most {MaxHeaderLength}.");
        }

        if (blocks.Count < 3)
        {
            throw new BulletinFormatException(
                $"The page has a header (\"{Shorten(source)}\") but no item: an item needs a title line and at least one paragraph.");
        }

        var warnings = new List<string>();
        var drafts = SplitItems(blocks, warnings);
        var dates = DateItems(drafts, warnings);
        var items = new Bulletin[drafts.Count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            var (title, paragraphs) = drafts[i];
            var (date, endDate) = dates[i];
            var firstId = BulletinId.Compute(source, title, date);
            var id = firstId;
            for (var copy = 2; !ids.Add(id); copy++)
            {
                id = BulletinId.Compute(source, $"{title}{CollisionMark}{copy}", date);
            }

            if (id != firstId)
            {
                warnings.Add($"\"{Shorten(title)}\" ({Describe(date)}) appears more than once on the page; this repeat gets its own id.");
            }

            items[i] = new Bulletin(id, source, title, paragraphs, date, endDate);
        }

        return new ParsedPage(source, items, warnings);
    }

    /// <summary>True when a block could be a title: short, not a sentence, not opening with a date.</summary>
    internal static bool LooksLikeTitle(string block)
    {
        if (block.Length > MaxTitleLength || block.AsSpan().Count(' ') >= MaxTitleWords)
        {
            return false;
        }

        var end = block.AsSpan().TrimEnd("\"'”’»)]");
        if (end.Length == 0)
        {
            return false;
        }

        if (end[^1] is '.' or '!' or '?' or ':' && !EndsWithAbbreviation(end))
        {
            return false;
        }

        return !OpensWithDate(block);
    }

    private static bool EndsWithAbbreviation(ReadOnlySpan<char> text)
    {
        var word = text[(text.LastIndexOf(' ') + 1)..].TrimStart("\"'“‘«([");
        return AbbreviationLookup.Contains(word) || Initialism().IsMatch(word);
    }

    /// <summary>"On June 14, 2018, ...", "El 19 de marzo ...", "Estocolmo, 7 de marzo de 2023-": the block is prose about a dated event.</summary>
    private static bool OpensWithDate(string block)
    {
        if (DateMentions.FindFirst(block, DatePhraseWindow) is not { } found)
        {
            return false;
        }

        var lead = block.AsSpan(0, found.Index).TrimEnd();
        if (lead.Length == 0)
        {
            return true;
        }

        var words = lead.Count(' ') + 1;
        if (lead[^1] == ',' && words <= 4)
        {
            return true;
        }

        var firstSpace = lead.IndexOf(' ');
        return words <= 3 && DateLeadLookup.Contains(firstSpace < 0 ? lead : lead[..firstSpace]);
    }

    private static List<(string Title, string[] Paragraphs)> SplitItems(List<string> blocks, List<string> warnings)
    {
        // Every line is a block: pages separate paragraphs with blank lines or with single newlines,
        // and both must read the same.
        var items = new List<(string Title, string[] Paragraphs)>();
        if (!LooksLikeTitle(blocks[1]))
        {
            warnings.Add($"The first line after the header does not look like a title, but is used as one: \"{Shorten(blocks[1])}\".");
        }

        var title = blocks[1];
        var paragraphs = new List<string> { blocks[2] };
        for (var i = 3; i < blocks.Count; i++)
        {
            if (i + 1 < blocks.Count && LooksLikeTitle(blocks[i]))
            {
                items.Add((title, paragraphs.ToArray()));
                title = blocks[i];
                paragraphs.Clear();
                i++;
            }

            paragraphs.Add(blocks[i]);
        }

        items.Add((title, paragraphs.ToArray()));
        return items;
    }

    private static (DateOnly? Date, DateOnly? EndDate)[] DateItems(
        List<(string Title, string[] Paragraphs)> drafts, List<string> warnings)
    {
        var dates = new (DateOnly? Date, DateOnly? EndDate)[drafts.Count];
        var mentions = new DateMention?[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            if (DateMentions.FindFirst(drafts[i].Paragraphs[0]) is not { } found)
            {
                warnings.Add($"\"{Shorten(drafts[i].Title)}\" states no date in its first paragraph; it is kept undated.");
                continue;
            }

            mentions[i] = found.Mention;
            if (found.Mention.HasYear && found.Mention.Resolve() is { } resolved)
            {
                dates[i] = resolved;
            }
        }

        // A second pass, so that a date without a year sees the stated dates on both sides of it.
        for (var i = 0; i < drafts.Count; i++)
        {
            if (mentions[i] is not { HasYear: false } mention)
            {
                continue;
            }

            var newer = Neighbour(dates, mentions, i, -1);
            var older = Neighbour(dates, mentions, i, +1);
            if (InferYear(mention, newer, older) is { } inferred)
            {
                dates[i] = inferred;
            }
            else
            {
                warnings.Add(
                    $"\"{Shorten(drafts[i].Title)}\" gives {MonthNames.EnglishName(mention.Month)} {mention.Day} without a year, and no dated item around it fixes the year; it is kept undated.");
            }
        }

        return dates;
    }

    private static DateOnly? Neighbour((DateOnly? Date, DateOnly? EndDate)[] dates, DateMention?[] mentions, int index, int step)
    {
        for (var i = index + step; i >= 0 && i < dates.Length; i += step)
        {
            if (mentions[i] is { HasYear: true } && dates[i].Date is { } date)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>
    /// Pages list items newest first, so an undated-year item sits between its newer and older
    /// neighbours. With both, the latest year that fits between them wins; with one, the year
    /// closest to it that keeps the order. A leap day may need to look a few years further.
    /// </summary>
    internal static (DateOnly? Date, DateOnly? EndDate)? InferYear(DateMention mention, DateOnly? newer, DateOnly? older)
    {
        const int LeapSearch = 8;
        if (newer is { } upper)
        {
            var lowest = older?.Year ?? upper.Year - LeapSearch;
            for (var year = upper.Year; year >= lowest && year >= 1; year--)
            {
                if (mention.ResolveIn(year) is { } candidate && candidate.Start <= upper && !(candidate.Start < older))
                {
                    return (candidate.Start, candidate.End);
                }
            }

            return null;
        }

        if (older is { } lower)
        {
            for (var year = lower.Year; year <= lower.Year + LeapSearch && year <= 9999; year++)
            {
                if (mention.ResolveIn(year) is { } candidate && candidate.Start >= lower)
                {
                    return (candidate.Start, candidate.End);
                }
            }
        }

        return null;
    }

    private static string Describe(DateOnly? date) => date?.ToString("yyyy-MM-dd") ?? "undated";

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 59), "…");

    [GeneratedRegex(@"^(?:\p{L}{1,2}\.){2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Initialism();
}
