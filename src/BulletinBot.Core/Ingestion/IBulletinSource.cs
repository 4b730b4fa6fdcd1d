using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Ingestion;

/// <summary>Somewhere bulletin pages come from: the seeds folder, HTML listing pages, RSS and Atom feeds.</summary>
public interface IBulletinSource
{
    string Name { get; }

    /// <summary>The short name readers filter by (<c>source:name</c>); see <see cref="SourceDirectory"/>.</summary>
    string ShortName => Name;

    /// <summary>How often the source wants reading, when more often than the rescan interval.</summary>
    TimeSpan? Interval => null;

    /// <summary>Whether the source should be read now: a source in back-off or not yet due says no.</summary>
    bool IsDue(DateTimeOffset now) => true;

    IAsyncEnumerable<RawDocument> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One page as read, or the reason it could not be read. A source that reads its own format (HTML,
/// a feed) hands the page already parsed; text pages are parsed by the ingestor.
/// </summary>
public sealed record RawDocument(string Name, byte[]? Content, string? Error = null, ParsedPage? Page = null)
{
    /// <summary>
    /// What the source keeps in the store about this page (a web page's validators), written on the
    /// committing thread inside the transaction that stores the page, or records it unchanged: it is kept
    /// exactly when the page is. The ingestor commits pages in batches, after it has asked for the next
    /// page, so a source must not count a page as stored when it is asked for the next one.
    /// </summary>
    public Action? SaveAlongside { get; init; }

    /// <summary>Called once the page's transaction has committed (or found it unchanged), for what the source keeps in memory.</summary>
    public Action? Stored { get; init; }
}
