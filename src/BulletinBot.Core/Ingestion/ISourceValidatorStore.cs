namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Where the web sources' conditional-GET validators (ETag, Last-Modified) are kept by URL: the embedded store
/// (<see cref="SourceValidators"/>) or the database the replicas share, so the first fetch after a restart or a
/// takeover can still be answered "not modified".
/// </summary>
public interface ISourceValidatorStore
{
    /// <summary>What <paramref name="url"/> last answered with; null when it never gave a validator.</summary>
    HttpValidators? Load(string url);

    /// <summary>Records <paramref name="validators"/> for <paramref name="url"/>; one call is one transaction.</summary>
    void Save(string url, HttpValidators validators);
}
