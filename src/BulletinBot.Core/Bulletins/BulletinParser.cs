using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// Turns one plain-text page into bulletins. A page is a section header line (sometimes missing), then items
/// newest first; an item is a title line followed by one or more body paragraphs. Which lines are titles is
/// decided by <see cref="PageStructure"/>, and the dates by <see cref="ItemDating"/>.
/// </summary>
public static partial class BulletinParser
{
    internal const int MaxHeaderLength = 200;
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

    /// <exception cref="BulletinFormatException">The text is empty, binary, has no header, or has no item.</exception>
    public static ParsedPage Parse(string text)
    {
        var reading = Read(text);
        return new ParsedPage(reading.Source, reading.Items, reading.Warnings);
    }

    /// <summary>Parses a page and keeps how each block and each date was read, for <see cref="PageExplainer"/>.</summary>
    /// <exception cref="BulletinFormatException">The text is empty, binary, has no header, or has no item.</exception>
    internal static PageReading Read(string text)
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

        if (blocks[0].Length > MaxHeaderLength)
        {
            throw new BulletinFormatException(
                $"The page has no section header: its first line is {blocks[0].Length} characters long, and a header is at most {MaxHeaderLength}.");
        }

        var readings = PageStructure.Read(blocks);
        var source = readings[0].Role == BlockRole.Header ? blocks[0] : PageStructure.UntitledSource;
        var itemBlocks = readings.Count(r => r.Role != BlockRole.Header);
        if (itemBlocks < 2)
        {
            throw new BulletinFormatException(
                $"The page has a header (\"{Shorten(source)}\") but no item: an item needs a title line and at least one paragraph.");
        }

        var warnings = new List<string>();
        var first = readings.First(r => r.Role == BlockRole.Title);
        if (!LooksLikeTitle(first.Text))
        {
            warnings.Add($"The first line after the header does not look like a title, but is used as one: \"{Shorten(first.Text)}\".");
        }

        var drafts = SplitItems(readings);
        var dates = ItemDating.Date(drafts, warnings);
        var items = new Bulletin[drafts.Count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            var (title, paragraphs) = drafts[i];
            var date = dates[i].Date;
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

            items[i] = new Bulletin(id, source, title, paragraphs, date, dates[i].EndDate);
        }

        return new PageReading(source, readings, items, dates, warnings);
    }

    /// <summary>True when a block, seen alone, could be a title: short, not a sentence, not opening with a date.</summary>
    internal static bool LooksLikeTitle(string block) => PageStructure.Judge(block, null).Score >= 1;

    internal static bool EndsWithAbbreviation(ReadOnlySpan<char> text)
    {
        var word = text[(text.LastIndexOf(' ') + 1)..].TrimStart("\"'“‘«([");
        return AbbreviationLookup.Contains(word) || Initialism().IsMatch(word);
    }

    private static List<(string Title, string[] Paragraphs)> SplitItems(List<BlockReading> readings)
    {
        var items = new List<(string Title, string[] Paragraphs)>();
        string? title = null;
        var paragraphs = new List<string>();
        foreach (var reading in readings)
        {
            if (reading.Role == BlockRole.Title)
            {
                if (title is not null)
                {
                    items.Add((title, paragraphs.ToArray()));
                }

                title = reading.Text;
                paragraphs.Clear();
            }
            else if (reading.Role == BlockRole.Body)
            {
                paragraphs.Add(reading.Text);
            }
        }

        items.Add((title!, paragraphs.ToArray()));
        return items;
    }

    private static string Describe(DateOnly? date) => date?.ToString("yyyy-MM-dd") ?? "undated";

    internal static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 59), "…");

    [GeneratedRegex(@"^(?:\p{L}{1,2}\.){2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Initialism();
}
