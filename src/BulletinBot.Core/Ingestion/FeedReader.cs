using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Reads an RSS 2.0 or Atom feed into the page model: one item per entry, its summary as the body
/// (markup removed) and its link kept. Anything else is not a feed, and yields nothing to store.
/// </summary>
public static partial class FeedReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static ParsedPage Read(string xml, string? sourceName)
    {
        XDocument document;
        try
        {
            // No DTDs, no external entities: a feed is data from outside.
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException exception)
        {
            return Empty(sourceName, $"not XML: {exception.Message}");
        }

        var root = document.Root!;
        if (root.Name.LocalName == "rss" && root.Element("channel") is { } channel)
        {
            var source = HtmlListingReader.Clean(sourceName) ?? HtmlListingReader.Clean((string?)channel.Element("title")) ?? "feed";
            var items = channel.Elements("item")
                .Select(i => Item(source, (string?)i.Element("guid"), (string?)i.Element("title"), (string?)i.Element("link"), (string?)i.Element("description"), RssDate((string?)i.Element("pubDate"))))
                .OfType<Bulletin>()
                .DistinctBy(b => b.Id)
                .ToList();
            return new ParsedPage(source, items, []);
        }

        if (root.Name == Atom + "feed")
        {
            var source = HtmlListingReader.Clean(sourceName) ?? HtmlListingReader.Clean((string?)root.Element(Atom + "title")) ?? "feed";
            var items = root.Elements(Atom + "entry")
                .Select(e => Item(
                    source,
                    (string?)e.Element(Atom + "id"),
                    (string?)e.Element(Atom + "title"),
                    (string?)(e.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")),
                    (string?)e.Element(Atom + "summary") ?? (string?)e.Element(Atom + "content"),
                    IsoDate((string?)e.Element(Atom + "published") ?? (string?)e.Element(Atom + "updated"))))
                .OfType<Bulletin>()
                .DistinctBy(b => b.Id)
                .ToList();
            return new ParsedPage(source, items, []);
        }

        return Empty(sourceName, $"not RSS 2.0 or Atom (the root is <{root.Name.LocalName}>)");
    }

    private static ParsedPage Empty(string? sourceName, string warning) => new(sourceName ?? "feed", [], [warning]);

    /// <summary>One entry; recognised by its own id (<paramref name="entryId"/>) when it has one, else by its title and date.</summary>
    private static Bulletin? Item(string source, string? entryId, string? title, string? link, string? summary, DateOnly? date)
    {
        var cleanTitle = HtmlListingReader.Clean(title is null ? null : Text(title));
        if (cleanTitle is null)
        {
            return null;
        }

        var body = HtmlListingReader.Clean(summary is null ? null : Text(summary)) ?? cleanTitle;
        var url = Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
        var id = string.IsNullOrWhiteSpace(entryId) ? BulletinId.Compute(source, cleanTitle, date) : BulletinId.ForEntry(source, entryId);
        return new Bulletin(id, source, cleanTitle, [body], date, null, url);
    }

    /// <summary>Summaries are often HTML: their text only.</summary>
    private static string Text(string html) =>
        html.Contains('<', StringComparison.Ordinal) ? new HtmlParser().ParseDocument($"<body>{html}</body>").Body?.TextContent ?? html : html;

    /// <summary>RFC 822 dates ("Wed, 11 Jul 2018 10:00:00 +0000"): the day is what an item needs.</summary>
    private static DateOnly? RssDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var match = RfcDay().Match(text);
        return match.Success && DateOnly.TryParseExact($"{match.Groups[1].Value} {match.Groups[2].Value} {match.Groups[3].Value}", "d MMM yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : IsoDate(text);
    }

    private static DateOnly? IsoDate(string? text) =>
        text is not null && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? DateOnly.FromDateTime(moment.UtcDateTime)
            : null;

    [GeneratedRegex(@"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})")]
    private static partial Regex RfcDay();
}
