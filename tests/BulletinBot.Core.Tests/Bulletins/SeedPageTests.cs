using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests.Bulletins;

public sealed class SeedPageTests
{
    private static string Seed(string prefix) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), prefix + "_*.txt").Single());

    public static TheoryData<string, int, string, string, string?, int> Expected => new()
    {
        { "000", 0, "Cuba hands over a US citizen claimed by Interpol", "2018-08-09", null, 1 },
        { "000", 1, "Migration talks between Cuba and the United States held in Washington D.C.", "2018-07-11", null, 1 },
        { "000", 2, "Cuba and the United States hold fourth meeting on law enforcement dialogue", "2018-07-10", null, 2 },
        { "000", 3, "Seventh Meeting of the Cuba-United States Bilateral Commission held in Washington D.C.", "2018-06-14", null, 3 },
        { "001", 0, "Delegations from Cuba and the United States hold exchange on trafficking in persons", "2018-02-13", null, 1 },
        { "001", 1, "Technical exchange held between Cuba\u2019s Border Guard Troops and the U.S. Coast Guard Service", "2018-01-22", "2018-01-23", 2 },
        { "001", 2, "Cuba and the U.S. hold Exchange on the Combat against Illicit Drug Trafficking", "2018-01-19", null, 3 },
        { "001", 3, "Triumph of the Cuban Revolution commemorated in the United States", "2018-01-18", null, 2 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Seed_items_have_the_expected_title_dates_and_paragraph_count(
        string page, int index, string title, string date, string? endDate, int paragraphs)
    {
        var item = BulletinParser.Parse(Seed(page)).Items[index];

        Assert.Equal(title, item.Title);
        Assert.Equal(DateOnly.Parse(date), item.Date);
        Assert.Equal(endDate is null ? null : DateOnly.Parse(endDate), item.EndDate);
        Assert.Equal(paragraphs, item.Paragraphs.Count);
    }

    [Fact]
    public void Both_seed_pages_yield_exactly_eight_items_from_Cuba_in_USA_without_warnings()
    {
        var pages = new[] { BulletinParser.Parse(Seed("000")), BulletinParser.Parse(Seed("001")) };

        Assert.Equal(8, pages.Sum(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(4, p.Items.Count));
        Assert.All(pages, p => Assert.Equal("Cuba in USA", p.Source));
        Assert.All(pages.SelectMany(p => p.Items), i => Assert.Equal("Cuba in USA", i.Source));
        Assert.All(pages, p => Assert.Empty(p.Warnings));
        Assert.Equal(8, pages.SelectMany(p => p.Items).Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void Seed_text_is_clean_of_edge_whitespace_and_non_breaking_spaces()
    {
        var items = new[] { "000", "001" }.SelectMany(p => BulletinParser.Parse(Seed(p)).Items).ToList();

        foreach (var text in items.SelectMany(i => i.Paragraphs.Append(i.Title)))
        {
            Assert.Equal(text.Trim(), text);
            Assert.DoesNotContain('\u00A0', text);
            Assert.DoesNotContain("  ", text, StringComparison.Ordinal);
        }

        Assert.Equal(
            "On June 14, 2018, the Seventh Bilateral Commission Meeting between Cuba and the United States was held in Washington, D.C.",
            items[3].Paragraphs[0]);
        Assert.Contains("country\u00B4s justice", items[0].Paragraphs[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_body_paragraphs_are_kept_in_order()
    {
        var item = BulletinParser.Parse(Seed("000")).Items[3];

        Assert.StartsWith("On June 14, 2018", item.Paragraphs[0], StringComparison.Ordinal);
        Assert.StartsWith("Even in the present circumstances", item.Paragraphs[1], StringComparison.Ordinal);
        Assert.StartsWith("The meeting provided an opportunity", item.Paragraphs[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_the_same_text_twice_gives_the_same_ids()
    {
        var first = BulletinParser.Parse(Seed("001"));
        var second = BulletinParser.Parse(Seed("001"));

        Assert.Equal(first.Items.Select(i => i.Id), second.Items.Select(i => i.Id));
        Assert.Equal(first.Items, second.Items);
    }

    [Fact]
    public void Ids_are_computed_from_source_title_and_date()
    {
        foreach (var item in BulletinParser.Parse(Seed("000")).Items)
        {
            Assert.Equal(BulletinId.Compute(item.Source, item.Title, item.Date), item.Id);
        }
    }

    public static TheoryData<string> Variants => new() { "crlf", "bom", "single-newlines", "cr-only", "extra-blank-lines" };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Line_ending_and_spacing_variants_parse_the_same(string variant)
    {
        foreach (var page in new[] { "000", "001" })
        {
            var text = Seed(page);
            var changed = variant switch
            {
                "crlf" => text.Replace("\n", "\r\n", StringComparison.Ordinal),
                "bom" => "\uFEFF" + text,
                "single-newlines" => text.Replace("\n\n", "\n", StringComparison.Ordinal),
                "cr-only" => text.Replace("\n", "\r", StringComparison.Ordinal),
                "extra-blank-lines" => "\n \n" + text.Replace("\n\n", "\n\u00A0\n\t\n", StringComparison.Ordinal) + "\n\n",
                _ => throw new ArgumentOutOfRangeException(nameof(variant)),
            };
            Assert.NotEqual(text, changed);

            Assert.Equal(BulletinParser.Parse(text).Items, BulletinParser.Parse(changed).Items);
        }
    }
}
