using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// The update offset as a checkpoint in the bot's own store, and the unanswered updates beside it. Each change of the
/// offset returns once it is on disk: a kill that took the offset back would have Telegram send those updates again.
/// </summary>
public sealed class CheckpointOffsetStore(BulletinDatabase database, CheckpointStore checkpoints) : IUpdateOffsetStore
{
    public const string Name = "telegram.offset";
    public const string Inbox = "telegram_inbox";

    private readonly ILiteCollection<BsonDocument> inbox = database.Database.GetCollection(Inbox);

    public int Load() => (int)Math.Clamp(checkpoints.Get(Name), 0, int.MaxValue);

    public void Save(int offset)
    {
        checkpoints.Set(Name, offset);
        database.WaitDurable();
    }

    public void Accept(IReadOnlyList<PendingUpdate> handedOver, int nextOffset)
    {
        ArgumentNullException.ThrowIfNull(handedOver);
        database.InTransaction(() =>
        {
            foreach (var update in handedOver)
            {
                inbox.Upsert(new BsonDocument { ["_id"] = update.Id, ["lane"] = update.Lane, ["json"] = update.Json });
            }

            checkpoints.Set(Name, nextOffset);
        });

        // Telegram forgets the updates before the new offset once asked from it: the inbox must hold them first.
        database.WaitDurable();
    }

    public void Finished(int id)
    {
        // Answered: a kill that took the deletion back would have the restart answer it a second time.
        inbox.Delete(id);
        database.WaitDurable();
    }

    public IReadOnlyList<PendingUpdate> Unfinished() =>
        [.. inbox.FindAll().Select(d => new PendingUpdate(d["_id"].AsInt32, d["lane"].AsString, d["json"].AsString)).OrderBy(u => u.Id)];
}
