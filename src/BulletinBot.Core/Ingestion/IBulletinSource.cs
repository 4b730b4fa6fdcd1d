namespace BulletinBot.Core.Ingestion;

/// <summary>Somewhere bulletin pages come from: the seeds folder now, web pages and feeds later.</summary>
public interface IBulletinSource
{
    string Name { get; }

    IAsyncEnumerable<RawDocument> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>One page as read, or the reason it could not be read.</summary>
public sealed record RawDocument(string Name, byte[]? Content, string? Error = null);
