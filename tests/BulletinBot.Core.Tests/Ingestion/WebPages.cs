namespace BulletinBot.Core.Tests.Ingestion;

/// <summary>Listing pages and feeds like the ones the web sources read, built from (title, date, teaser, path) rows.</summary>
internal static class WebPages
{
    public static string Listing(params (string Title, string Date, string Teaser, string Path)[] rows) =>
        $"""
        <!DOCTYPE html>
        <html><head><title>Embassy</title></head><body>
        <h1 class="page-title">Cuba in USA</h1>
        <div class="view-content">
        {string.Concat(rows.Select(r => $"""
          <div class="views-row">
            <div class="views-field views-field-title"><span class="field-content"><a href="{r.Path}">{r.Title}</a></span></div>
            <div class="views-field views-field-created"><span class="date-display-single">{r.Date}</span></div>
            <div class="views-field views-field-body"><div class="field-content"><p>{r.Teaser}</p></div></div>
          </div>
        """))}
        </div></body></html>
        """;

    public static string Rss(params (string Title, string Date, string Teaser, string Path)[] rows) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Cuba in USA</title><link>http://example.org/</link><description>News</description>
        {string.Concat(rows.Select(r => $"<item><title>{r.Title}</title><link>http://example.org{r.Path}</link><description>&lt;p&gt;{r.Teaser}&lt;/p&gt;</description><pubDate>{DateTime.Parse(r.Date, System.Globalization.CultureInfo.InvariantCulture):ddd, dd MMM yyyy} 10:00:00 +0000</pubDate></item>"))}
        </channel></rss>
        """;

    public static string Atom(params (string Title, string Date, string Teaser, string Path)[] rows) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Cuba in USA</title><id>urn:x</id><updated>2018-08-01T00:00:00Z</updated>
        {string.Concat(rows.Select(r => $"<entry><title>{r.Title}</title><link href=\"http://example.org{r.Path}\"/><id>urn:{r.Path}</id><updated>{DateTime.Parse(r.Date, System.Globalization.CultureInfo.InvariantCulture):yyyy-MM-dd}T10:00:00Z</updated><summary type=\"html\">{r.Teaser}</summary></entry>"))}
        </feed>
        """;
}
