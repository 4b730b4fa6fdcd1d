using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// A platform's offset as the checkpoint <c>{stream}.offset</c> in the bot's own store, and its unanswered updates in
/// the collection <c>{stream}_inbox</c> beside it. Each change returns once it is on disk: a kill that took the offset
/// back would have the platform send those updates again. One process owns the store, so what it kept before it
/// started is all there is to take over, once.
/// </summary>
public sealed class LitePlatformOffsets(BulletinDatabase database, CheckpointStore checkpoints) : IPlatformOffsets
{
    private readonly HashSet<string> takenOver = new(StringComparer.Ordinal);

    public static string OffsetName(string stream) => stream + ".offset";

    public static string InboxName(string stream) => stream + "_inbox";

    public long Load(string stream) => checkpoints.Get(OffsetName(stream));

    public void Save(string stream, long offset)
    {
        checkpoints.Set(OffsetName(stream), offset);
        database.WaitDurable();
    }

    public void Accept(string stream, IReadOnlyList<PlatformUpdate> handedOver, long nextOffset)
    {
        ArgumentNullException.ThrowIfNull(handedOver);
        var inbox = Inbox(stream);
        database.InTransaction(() =>
        {
            foreach (var update in handedOver)
            {
                Keep(inbox, update);
            }

            checkpoints.Set(OffsetName(stream), nextOffset);
        });

        // The platform forgets the updates before the new offset once asked from it: the inbox must hold them first.
        database.WaitDurable();
    }

    public void Finished(string stream, long id)
    {
        // Answered: a kill that took the deletion back would have the restart answer it a second time.
        Inbox(stream).Delete(Id(id));
        database.WaitDurable();
    }

    public IReadOnlyList<PlatformUpdate> Unfinished(string stream) =>
        [.. Inbox(stream).FindAll().Select(d => new PlatformUpdate(d["_id"].AsInt64, d["lane"].AsString, d["json"].AsString)).OrderBy(u => u.Id)];

    public IReadOnlyList<PlatformUpdate> TakeOver(string stream)
    {
        lock (takenOver)
        {
            return takenOver.Add(stream) ? Unfinished(stream) : [];
        }
    }

    /// <summary>Keeps one update in the stream's inbox, in the caller's transaction (a webhook claim's).</summary>
    internal static void Keep(BulletinDatabase database, string stream, PlatformUpdate update) =>
        Keep(database.Database.GetCollection(InboxName(stream)), update);

    private static void Keep(ILiteCollection<BsonDocument> inbox, PlatformUpdate update) =>
        inbox.Upsert(new BsonDocument { ["_id"] = Id(update.Id), ["lane"] = update.Lane, ["json"] = update.Payload });

    private ILiteCollection<BsonDocument> Inbox(string stream) => database.Database.GetCollection(InboxName(stream));

    /// <summary>Ids that fit an int are stored as one, as the Telegram inbox always wrote them, so a store written before reads the same.</summary>
    private static BsonValue Id(long id) => id is >= int.MinValue and <= int.MaxValue ? new BsonValue((int)id) : new BsonValue(id);
}
