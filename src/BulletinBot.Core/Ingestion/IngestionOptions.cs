using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>
    /// The folder of bulletin pages (*.txt); a relative path is taken from the content root. When it
    /// is not set, the folder "seeds" in the content root is read, or, where there is none, the seed
    /// pages built into the program.
    /// </summary>
    [MinLength(1, ErrorMessage = "Ingestion:SeedsPath is empty; name the folder of bulletin pages (e.g. seeds), or leave it unset for the built-in pages.")]
    public string? SeedsPath { get; set; }

    /// <summary>How often a running bot reads its sources again for new and changed pages.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Ingestion:RescanInterval must be between 00:00:01 and 7.00:00:00 (d.hh:mm:ss).")]
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A page written more recently than this may still be being written; it is read at a later round.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Ingestion:FileSettleTime must be between 00:00:00 and 00:10:00.")]
    public TimeSpan FileSettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Web sources: HTML listing pages and RSS or Atom feeds, read with conditional GET.</summary>
    [ValidateEnumeratedItems]
    public List<HttpSourceOptions> Sources { get; set; } = [];
}

public enum HttpSourceKind
{
    Html,
    Feed,
}

/// <summary>One web source: <c>Ingestion:Sources:0:Url=https://...</c>, <c>...:Kind=Feed</c>.</summary>
public sealed class HttpSourceOptions
{
    [Required(ErrorMessage = "Ingestion:Sources: every source needs a Url.")]
    [RegularExpression("^https?://.+", ErrorMessage = "Ingestion:Sources: a Url must start with http:// or https://.")]
    public string Url { get; set; } = string.Empty;

    /// <summary>Html for a listing page (title links, dates, teasers), Feed for RSS 2.0 or Atom.</summary>
    public HttpSourceKind Kind { get; set; } = HttpSourceKind.Html;

    /// <summary>How often it is fetched; the rescan interval when not set.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Ingestion:Sources: an Interval must be between 00:00:01 and 7.00:00:00.")]
    public TimeSpan? Interval { get; set; }

    /// <summary>The section name its items are filed under; the page's or feed's own title when not set.</summary>
    [MaxLength(100, ErrorMessage = "Ingestion:Sources: a Name is at most 100 characters.")]
    public string? Name { get; set; }

    /// <summary>The short name readers use (<c>sources</c>, <c>source:name</c>); the URL's host without "www." when not set.</summary>
    public string? ShortName { get; set; }
}
