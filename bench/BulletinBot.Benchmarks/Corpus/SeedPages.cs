using System.Globalization;
using System.Text.RegularExpressions;
using BulletinBot.Core.Bulletins;

namespace BulletinBot.Benchmarks.Corpus;

/// <summary>
/// A small reader for the real seed pages (seeds/*.txt), enough to put them in the corpus: the
/// first line is the source, a short block without a closing full stop is a title, the blocks
/// after it are its body. The product's own parser lives in Core; this one only feeds the bench.
/// </summary>
internal static partial class SeedPages
{
    public static IReadOnlyList<Bulletin> Read(string directory)
    {
        var bulletins = new List<Bulletin>();
        foreach (var file in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            bulletins.AddRange(Parse(File.ReadAllText(file)));
        }

        return bulletins;
    }

    internal static IEnumerable<Bulletin> Parse(string page)
    {
        var blocks = page.Replace("\r", "", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (blocks.Length == 0)
        {
            yield break;
        }

        var source = blocks[0];
        string? title = null;
        var paragraphs = new List<string>();
        foreach (var block in blocks.Skip(1))
        {
            if (IsTitle(block))
            {
                if (title is not null && paragraphs.Count > 0)
                {
                    yield return Make(source, title, paragraphs);
                }

                title = block;
                paragraphs = [];
            }
            else if (title is not null)
            {
                paragraphs.Add(block);
            }
        }

        if (title is not null && paragraphs.Count > 0)
        {
            yield return Make(source, title, paragraphs);
        }
    }

    private static bool IsTitle(string block) =>
        !block.Contains('\n', StringComparison.Ordinal)
        && block.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 20
        && (!block.EndsWith('.') || block.EndsWith("D.C.", StringComparison.Ordinal));

    private static Bulletin Make(string source, string title, List<string> paragraphs)
    {
        DateOnly? date = null;
        DateOnly? endDate = null;
        var match = DatePattern().Match(paragraphs[0]);
        if (match.Success)
        {
            var month = DateTime.ParseExact(match.Groups["month"].Value, "MMMM", CultureInfo.InvariantCulture).Month;
            var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
            date = new DateOnly(year, month, int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture));
            if (match.Groups["end"].Success)
            {
                endDate = new DateOnly(year, month, int.Parse(match.Groups["end"].Value, CultureInfo.InvariantCulture));
            }
        }

        return new Bulletin(BulletinId.Compute(source, title, date), source, title, paragraphs.ToArray(), date, endDate);
    }

    [GeneratedRegex(@"(?<month>January|February|March|April|May|June|July|August|September|October|November|December) (?<day>\d{1,2})(-(?<end>\d{1,2}))?, (?<year>\d{4})")]
    private static partial Regex DatePattern();
}
