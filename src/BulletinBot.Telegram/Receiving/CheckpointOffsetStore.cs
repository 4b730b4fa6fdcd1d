using BulletinBot.Core.Storage;

namespace BulletinBot.Telegram.Receiving;

/// <summary>The update offset as a checkpoint in the bot's own store.</summary>
public sealed class CheckpointOffsetStore(CheckpointStore checkpoints) : IUpdateOffsetStore
{
    public const string Name = "telegram.offset";

    public int Load() => (int)Math.Clamp(checkpoints.Get(Name), 0, int.MaxValue);

    public void Save(int offset) => checkpoints.Set(Name, offset);
}
