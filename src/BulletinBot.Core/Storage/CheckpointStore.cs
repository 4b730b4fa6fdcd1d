using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Named numbers kept in the store: how far a consumer of the change sequence got, or an adapter's
/// position in its platform's update stream. Written inside the caller's transaction when there is one,
/// so a position moves together with the work it stands for.
/// </summary>
public sealed class CheckpointStore(BulletinDatabase database)
{
    private readonly ILiteCollection<BsonDocument> _checkpoints = database.Database.GetCollection(BulletinDatabase.Checkpoints);

    /// <summary>The value of <paramref name="name"/>; 0 when it was never set.</summary>
    public long Get(string name) => _checkpoints.FindById(name)?["value"].AsInt64 ?? 0;

    public void Set(string name, long value) =>
        _checkpoints.Upsert(new BsonDocument { ["_id"] = name, ["value"] = value });
}
