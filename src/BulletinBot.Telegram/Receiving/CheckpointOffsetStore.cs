using BulletinBot.Core.Storage;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// The update offset as a checkpoint in the bot's own store. Each save returns once it is on disk: the update it
/// passes was answered, and a kill that took the offset back would answer it again after the restart.
/// </summary>
public sealed class CheckpointOffsetStore(CheckpointStore checkpoints, BulletinDatabase database) : IUpdateOffsetStore
{
    public const string Name = "telegram.offset";

    public int Load() => (int)Math.Clamp(checkpoints.Get(Name), 0, int.MaxValue);

    public void Save(int offset)
    {
        checkpoints.Set(Name, offset);
        database.WaitDurable();
    }
}
