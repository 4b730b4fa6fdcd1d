using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// The conditional-GET validators (ETag, Last-Modified) of each web source, kept in the store by URL,
/// so the first fetch after a restart can still be answered "not modified".
/// </summary>
public sealed class SourceValidators(BulletinDatabase database) : ISourceValidatorStore
{
    private readonly ILiteCollection<BsonDocument> _validators = database.Database.GetCollection(BulletinDatabase.Validators);

    /// <summary>What <paramref name="url"/> last answered with; null when it never gave a validator.</summary>
    public HttpValidators? Load(string url) =>
        _validators.FindById(url) is { } document
            ? new HttpValidators(
                document["etag"].IsNull ? null : document["etag"].AsString,
                document["modified"].IsNull ? null : new DateTimeOffset(document["modified"].AsDateTime.ToUniversalTime()))
            : null;

    /// <summary>Records <paramref name="validators"/> for <paramref name="url"/>, on its own: one upsert is one transaction.</summary>
    public void Save(string url, HttpValidators validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        _validators.Upsert(new BsonDocument
        {
            ["_id"] = url,
            ["etag"] = validators.ETag is { } etag ? etag : BsonValue.Null,
            ["modified"] = validators.LastModified is { } modified ? modified.UtcDateTime : BsonValue.Null,
        });
    }
}

/// <summary>A page's version as its server named it: the ETag as sent (quotes included) and Last-Modified.</summary>
public sealed record HttpValidators(string? ETag, DateTimeOffset? LastModified);
