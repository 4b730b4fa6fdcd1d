using System.Globalization;
using System.Text;

namespace BulletinBot.TestPages;

/// <summary>One generated bulletin: its tag (unique, at the head of its title, so a clipped title keeps it), title and text.</summary>
public sealed record NewsItem(string Tag, string Title, DateOnly Date, IReadOnlyList<string> Paragraphs);

/// <summary>
/// Bulletin pages that read like the mission's own listings, for the announcement tests to drop into the watched
/// seeds folder: a source line, then each item as a title and dated paragraphs, newest first. Every title starts
/// with a tag ("Notice r03i02:") so a test can tell which item a posted message carries.
/// </summary>
public static class NewsPages
{
    private static readonly string[] Topics =
    [
        "Cuban and US officials review cooperation against drug trafficking in the Caribbean",
        "Consular services extend their hours for passport renewals during the summer season",
        "Delegations meet in Havana to discuss the protection of marine areas and coral reefs",
        "Embassy hosts a photography exhibition on the history of Havana's old harbour district",
        "Bilateral talks on civil aviation safety conclude with a joint statement of both parties",
        "Cuban medical brigade returns after two years of service in rural communities abroad",
        "Experts exchange views on hurricane forecasting and the response to natural disasters",
        "Cultural week celebrates the music of Santiago de Cuba with concerts in three cities",
    ];

    private static readonly string[] Sentences =
    [
        "The meeting took place in a respectful and professional atmosphere, and both sides agreed to keep the dialogue open.",
        "Representatives of the ministries concerned presented the progress made since the previous round and the tasks ahead.",
        "The delegation visited the port facilities, the customs offices and a school that trains young technicians in the trade.",
        "Participants underlined the value of cooperation in areas of mutual interest, in spite of the differences that remain.",
        "A programme of exchanges for the coming months was outlined, including visits by specialists and joint training courses.",
        "The organisers thanked the local authorities, the volunteers and the families who opened their homes to the visitors.",
    ];

    /// <summary>The tag of item <paramref name="item"/> of page <paramref name="page"/>.</summary>
    public static string Tag(int page, int item) => string.Create(CultureInfo.InvariantCulture, $"r{page:D2}i{item:D2}");

    /// <summary>
    /// <paramref name="count"/> items for page <paramref name="page"/>; <paramref name="titleLength"/> pads titles (at
    /// most about 250 characters), <paramref name="bodyLength"/> is roughly each item's text in characters.
    /// </summary>
    public static IReadOnlyList<NewsItem> Items(int page, int count, int titleLength = 0, int bodyLength = 400)
    {
        var items = new List<NewsItem>();
        for (var i = 0; i < count; i++)
        {
            var tag = Tag(page, i);
            var title = $"Notice {tag}: {Topics[(page + i) % Topics.Length]}";
            if (title.Length < titleLength)
            {
                title += " and " + Topics[(page + i + 3) % Topics.Length].ToLowerInvariant();
                title = title.Length > titleLength ? title[..title.LastIndexOf(' ', titleLength)] : title;
            }

            // The page parser takes a block of more than about 30 words for a paragraph.
            title = string.Join(' ', title.Split(' ').Take(28));

            var date = new DateOnly(2026, 3, 1).AddDays((page * 20) + count - i);
            var paragraphs = new List<string>();
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"On {date:MMMM d, yyyy}, "));
            for (var s = 0; paragraphs.Sum(p => p.Length) + text.Length < bodyLength; s++)
            {
                var sentence = Sentences[(i + s) % Sentences.Length];
                text.Append(s == 0 ? char.ToLowerInvariant(sentence[0]) + sentence[1..] : sentence).Append(' ');
                if (text.Length > 600)
                {
                    paragraphs.Add(text.ToString().Trim());
                    text.Clear();
                }
            }

            if (text.Length > 0)
            {
                paragraphs.Add(text.ToString().Trim());
            }

            items.Add(new NewsItem(tag, title, date, paragraphs));
        }

        return items;
    }

    /// <summary>The page text: the source line, then the items newest first.</summary>
    public static string Page(IEnumerable<NewsItem> items)
    {
        var page = new StringBuilder("Cuba in USA\n\n");
        foreach (var item in items.OrderByDescending(i => i.Date))
        {
            page.Append(item.Title).Append("\n\n");
            foreach (var paragraph in item.Paragraphs)
            {
                page.Append(paragraph).Append("\n\n");
            }
        }

        return page.ToString();
    }

    /// <summary>Writes the page beside the folder, then moves it in whole, as a careful operator would.</summary>
    public static void Drop(string seedsFolder, string name, IEnumerable<NewsItem> items)
    {
        var staging = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(seedsFolder).TrimEnd(Path.DirectorySeparatorChar))!, name + ".part");
        File.WriteAllText(staging, Page(items));
        File.Move(staging, Path.Combine(seedsFolder, name), overwrite: true);
    }

    /// <summary>Whether <paramref name="text"/> carries an item's own text, which opens with its date ("On April 8, 2027, ...").</summary>
    public static bool HasBody(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, @"\bOn [A-Z][a-z]+ \d{1,2}, \d{4}, ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>The tags of <paramref name="items"/> that <paramref name="text"/> carries.</summary>
    public static IEnumerable<string> TagsIn(string text, IEnumerable<NewsItem> items) =>
        items.Where(item => text.Contains($"Notice {item.Tag}:", StringComparison.Ordinal)).Select(item => item.Tag);
}
