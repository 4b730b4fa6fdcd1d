using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// What each source last delivered (<see cref="SourceState"/>): a hash of its content, so an unchanged source is
/// skipped cheaply. A state is written by <see cref="BulletinStore.UpsertPages"/> in the transaction of its page.
/// </summary>
public sealed class SourceStateStore(BulletinDatabase database)
{
    private readonly ILiteCollection<BsonDocument> _sources = database.Database.GetCollection(BulletinDatabase.Sources);

    public SourceState? Get(string name)
    {
        var document = database.Guarded(() => _sources.FindById(name));
        return document is null
            ? null
            : new SourceState(
                document["_id"].AsString,
                document["hash"].AsString,
                document["items"].AsInt32,
                new DateTimeOffset(document["at"].AsDateTime.ToUniversalTime()));
    }

    /// <summary>The content hash of every source whose name starts with <paramref name="prefix"/>, by name.</summary>
    public IReadOnlyDictionary<string, string> Hashes(string prefix) => database.Guarded(() =>
        _sources.Find(Query.StartsWith("_id", prefix))
            .ToDictionary(d => d["_id"].AsString, d => d["hash"].AsString, StringComparer.Ordinal));

    /// <summary>When a page of a source whose pages' names start with <paramref name="prefix"/> was last stored; null when none was.</summary>
    public DateTimeOffset? LastStored(string prefix) => database.Guarded(() =>
        _sources.Find(Query.StartsWith("_id", prefix))
            .Select(d => (DateTimeOffset?)new DateTimeOffset(d["at"].AsDateTime.ToUniversalTime()))
            .Max());

    /// <summary>Records <paramref name="source"/>'s state; called inside the transaction that stores its page.</summary>
    internal void Put(SourceState source) =>
        _sources.Upsert(new BsonDocument
        {
            ["_id"] = source.Name,
            ["hash"] = source.ContentHash,
            ["items"] = source.ItemCount,
            ["at"] = source.IngestedAt.UtcDateTime,
        });
}
