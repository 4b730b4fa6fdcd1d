using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Reads a bulletin listing page (a Drupal view such as the mission site's "Cuba in USA": rows of a
/// title link, a date and a teaser) into the page model the text parser produces, keeping each
/// item's link. A page with no such rows is not a listing, and yields nothing to store.
/// </summary>
public static class HtmlListingReader
{
    private static readonly string[] RowSelectors = [".views-row", "article", ".node-teaser", "li"];
    private const string DateSelector = "time, .date-display-single, .date-display-range, .views-field-created, .views-field-field-date, .field--name-created, .date";

    public static ParsedPage Read(string html, Uri address, string? sourceName, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(address);
        var document = new HtmlParser().ParseDocument(html);
        var source = Clean(sourceName) ?? Clean(document.QuerySelector("h1")?.TextContent) ?? Clean(document.Title) ?? address.Host;
        var warnings = new List<string>();
        foreach (var selector in RowSelectors)
        {
            var items = document.QuerySelectorAll(selector)
                .Select(row => ReadRow(row, address, source, today, warnings))
                .OfType<Bulletin>()
                .DistinctBy(b => b.Id)
                .ToList();
            if (items.Count > 0)
            {
                return new ParsedPage(source, items, warnings);
            }
        }

        return new ParsedPage(source, [], ["no listing rows (a title link with a date) were found"]);
    }

    private static Bulletin? ReadRow(IElement row, Uri address, string source, DateOnly today, List<string> warnings)
    {
        var link = row.QuerySelector("h2 a[href], h3 a[href], h4 a[href], .views-field-title a[href], .title a[href]") ?? row.QuerySelector("a[href]");
        var title = Clean(link?.TextContent);
        var dateElement = row.QuerySelector(DateSelector);
        if (link is null || title is null || dateElement is null)
        {
            return null;
        }

        var date = ReadDate(dateElement, today);
        if (date is null)
        {
            warnings.Add($"no date could be read for \"{title}\"");
        }

        var teaser = row.QuerySelectorAll(".views-field-body, .field--name-body, .teaser, .summary, p")
            .Where(e => !e.Contains(link) && !e.Contains(dateElement) && !link.Contains(e))
            .Select(e => Clean(e.TextContent))
            .OfType<string>()
            .FirstOrDefault();
        Uri.TryCreate(address, link.GetAttribute("href"), out var href);
        var url = href is { Scheme: "http" or "https" } ? href.AbsoluteUri : null;
        return new Bulletin(BulletinId.Compute(source, title, date), source, title, [teaser ?? title], date, null, url);
    }

    private static DateOnly? ReadDate(IElement element, DateOnly today)
    {
        var stamp = element.GetAttribute("datetime") ?? element.QuerySelector("[datetime]")?.GetAttribute("datetime") ?? element.GetAttribute("content");
        if (stamp is not null && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return DateOnly.FromDateTime(moment.UtcDateTime);
        }

        return ReadDateText(element.TextContent, today);
    }

    /// <summary>A day written as text: "July 11, 2018", "11 de julio de 2018", "2018-07-11", "07/11/2018".</summary>
    internal static DateOnly? ReadDateText(string? text, DateOnly today)
    {
        var cleaned = Clean(text);
        if (cleaned is null)
        {
            return null;
        }

        string[] formats = ["MMMM d, yyyy", "MMM d, yyyy", "MMMM d yyyy", "d MMMM yyyy", "ddd, MM/dd/yyyy - HH:mm", "MM/dd/yyyy", "yyyy-MM-dd"];
        if (DateOnly.TryParseExact(cleaned, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var exact))
        {
            return exact;
        }

        var when = WhenParser.Parse(cleaned, today);
        return when.Range is { } range && range.From == range.To ? range.From : null;
    }

    internal static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length == 0 ? null : collapsed;
    }
}
