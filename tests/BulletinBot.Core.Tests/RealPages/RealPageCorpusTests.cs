using System.Globalization;
using BulletinBot.Core.Bulletins;
using Xunit.Abstractions;

namespace BulletinBot.Core.Tests.RealPages;

/// <summary>
/// The stored "Cuba in USA" listing pages against their hand-written expectations. The held-out third was chosen
/// before the parser was tuned and is scored apart, so that its figure says how the parser does on pages it has
/// not been fitted to.
/// </summary>
public sealed class RealPageCorpusTests(ITestOutputHelper output)
{
    internal static readonly string[] HeldOut = ["usa-page-17", "usa-page-20-a", "usa-page-20-b"];

    /// <summary>
    /// Held out in a second round, then seen: their misses (titles ending in a full stop) were what the third round
    /// fixed, so they are no longer held out. Scored apart, and held to every title and stated date.
    /// </summary>
    internal static readonly string[] SeenSnapshots = ["usa-snapshot-2020-11", "usa-snapshot-2021-02"];

    /// <summary>Held out in a third round: expectations written and committed before the parser first read them; never tuned on.</summary>
    internal static readonly string[] ThirdHeldOut = ["usa-snapshot-2018-06", "usa-2022-page-2", "usa-2022-page-3"];

    /// <summary>
    /// Held out in a fourth round, from the site's "Articles" listing: expectations written and committed before the
    /// parser first read the page; never tuned on.
    /// </summary>
    internal static readonly string[] FourthHeldOut = ["articulos-page-2"];

    /// <summary>
    /// The misses on held-out pages as they were found, by name: a title not read ("page: title not read: ...") or
    /// an item read that no reader sees ("page: read instead: ..."). They are left as they are, since fixing them
    /// would be tuning on pages held out; fixing one makes its test fail so that it is taken off this list, and a
    /// new miss makes it fail too.
    /// </summary>
    internal static readonly string[] KnownHeldOutMisses =
    [
        "usa-snapshot-2018-06: title not read: Díaz-Canel received U.S. Senator Jeff Flake and Google Executive Chairm",
        "usa-2022-page-2: title not read: New iniciatives in the US to demand an end to the blockade",
        "usa-2022-page-2: read instead: Source: Siempre con Cuba",
    ];

    /// <summary>The pages never tuned on.</summary>
    private static IEnumerable<string> AllHeldOut => HeldOut.Concat(ThirdHeldOut).Concat(FourthHeldOut);

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "RealPages");

    internal static IEnumerable<string> PageNames() =>
        Directory.GetFiles(Folder, "*.txt").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    [Fact]
    public void The_corpus_holds_the_pages_and_a_third_is_held_out()
    {
        var names = PageNames().ToList();

        Assert.True(names.Count >= 6, $"{names.Count} pages");
        Assert.All(AllHeldOut.Concat(SeenSnapshots), name => Assert.Contains(name, names));
        Assert.True(AllHeldOut.Count() * 3 >= names.Count, "a third of the pages is held out");
    }

    [Fact]
    public void Tuning_pages_give_every_title_and_every_stated_date()
    {
        AssertEveryTitleAndStatedDate(Report("tuning pages", PageNames().Except(AllHeldOut).Except(SeenSnapshots).ToArray()));
    }

    [Fact]
    public void Held_out_pages_give_every_title_and_at_least_ninety_percent_of_the_stated_dates()
    {
        var score = Score(HeldOut);

        output.WriteLine(score.ToString());
        Assert.Equal(score.Titles, score.TitlesRight);
        Assert.Equal(0, score.ExtraItems);
        Assert.True(score.StatedDatesRight * 10 >= score.StatedDates * 9, score.ToString());
    }

    [Fact]
    public void Seen_snapshots_give_every_title_and_every_stated_date()
    {
        AssertEveryTitleAndStatedDate(Report("seen snapshots", SeenSnapshots));
    }

    [Fact]
    public void Third_held_out_pages_give_every_title_but_their_known_misses_and_ninety_percent_of_stated_dates()
    {
        var third = Report("third held-out pages", ThirdHeldOut);
        output.WriteLine("all held-out pages: " + Score(AllHeldOut));

        Assert.Equal(ThirdHeldOut.Length, third.Pages);
        Assert.Equal(KnownHeldOutMisses.Where(miss => ThirdHeldOut.Any(page => miss.StartsWith(page + ":", StringComparison.Ordinal))), Misses(ThirdHeldOut));
        Assert.True(third.StatedDatesRight * 10 >= third.StatedDates * 9, third.ToString());
    }

    [Fact]
    public void Fourth_held_out_pages_give_every_title_and_ninety_percent_of_stated_dates()
    {
        var fourth = Report("fourth held-out pages", FourthHeldOut);

        Assert.Equal(KnownHeldOutMisses.Where(miss => FourthHeldOut.Any(page => miss.StartsWith(page + ":", StringComparison.Ordinal))), Misses(FourthHeldOut));
        Assert.True(fourth.StatedDatesRight * 10 >= fourth.StatedDates * 9, fourth.ToString());
    }

    /// <summary>Every title not read and every item read that is not expected, as the lines <see cref="Report"/> writes.</summary>
    private static List<string> Misses(IEnumerable<string> names)
    {
        var misses = new List<string>();
        foreach (var name in names)
        {
            var page = BulletinParser.Parse(File.ReadAllText(Path.Combine(Folder, name + ".txt")));
            var read = page.Items.Select(i => i.Title).ToHashSet(StringComparer.Ordinal);
            var expected = Expected(name).Select(e => e.Title).ToList();
            misses.AddRange(expected.Where(title => !read.Contains(title)).Select(title => $"{name}: title not read: {title}"));
            misses.AddRange(page.Items.Where(i => !expected.Contains(i.Title, StringComparer.Ordinal)).Select(i => $"{name}: read instead: {i.Title}"));
        }

        return misses;
    }

    /// <summary>Every title, no extra item, every stated date, and no date given to an undated item.</summary>
    private static void AssertEveryTitleAndStatedDate(CorpusScore score)
    {
        Assert.Equal(score.Titles, score.TitlesRight);
        Assert.Equal(0, score.ExtraItems);
        Assert.Equal(score.StatedDates, score.StatedDatesRight);
        Assert.Equal(0, score.BorrowedDates);
    }

    private CorpusScore Report(string label, string[] names)
    {
        var score = Score(names);
        output.WriteLine($"{label}: {score}");
        foreach (var name in names)
        {
            var page = BulletinParser.Parse(File.ReadAllText(Path.Combine(Folder, name + ".txt")));
            var byTitle = page.Items.ToLookup(item => item.Title, StringComparer.Ordinal);
            output.WriteLine($"{name}: {page.Items.Count} items read, {Expected(name).Count} expected");
            foreach (var (date, title) in Expected(name))
            {
                if (!byTitle.Contains(title))
                    output.WriteLine($"{name}: title not read: {title}");
                else if (date is not null && !byTitle[title].Any(i => i.Date == date))
                    output.WriteLine($"{name}: {title}: expected {Day(date)}, read {string.Join(", ", byTitle[title].Select(i => Day(i.Date)))}");
                else if (date is null && byTitle[title].Any(i => i.Date is not null))
                    output.WriteLine($"{name}: {title}: expected undated, read {string.Join(", ", byTitle[title].Select(i => Day(i.Date)))}");
            }

            var expectedTitles = Expected(name).Select(e => e.Title).ToHashSet(StringComparer.Ordinal);
            foreach (var item in page.Items.Where(i => !expectedTitles.Contains(i.Title)))
                output.WriteLine($"{name}: read instead: {Day(item.Date)}\t{item.Title}");
        }

        return score;
    }

    private static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated";

    internal static CorpusScore Score(IEnumerable<string> names)
    {
        var total = new CorpusScore();
        foreach (var name in names)
        {
            var page = BulletinParser.Parse(File.ReadAllText(Path.Combine(Folder, name + ".txt")));
            var expected = Expected(name);
            var byTitle = page.Items.ToLookup(item => item.Title, StringComparer.Ordinal);
            var right = expected.Count(e => byTitle.Contains(e.Title));
            total = total with
            {
                Pages = total.Pages + 1,
                Titles = total.Titles + expected.Count,
                TitlesRight = total.TitlesRight + right,
                ExtraItems = total.ExtraItems + Math.Max(0, page.Items.Count - right),
                StatedDates = total.StatedDates + expected.Count(e => e.Date is not null),
                StatedDatesRight = total.StatedDatesRight + expected.Count(e => e.Date is not null && byTitle[e.Title].Any(i => i.Date == e.Date)),
                BorrowedDates = total.BorrowedDates + expected.Count(e => e.Date is null && byTitle[e.Title].Any(i => i.Date is not null)),
            };
        }

        return total;
    }

    private static List<(DateOnly? Date, string Title)> Expected(string name) =>
        File.ReadAllLines(Path.Combine(Folder, name + ".expected"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t', 2))
            .Select(parts => (Date: parts[0] == "undated" ? (DateOnly?)null : DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), Title: parts[1]))
            .ToList();
}

internal sealed record CorpusScore(
    int Pages = 0, int Titles = 0, int TitlesRight = 0, int ExtraItems = 0, int StatedDates = 0, int StatedDatesRight = 0, int BorrowedDates = 0)
{
    public override string ToString() =>
        $"{Pages} pages: titles {TitlesRight}/{Titles} (extra items {ExtraItems}), stated dates {StatedDatesRight}/{StatedDates}, dates given to undated items {BorrowedDates}";
}
