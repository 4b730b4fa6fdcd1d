using BulletinBot.Core.Storage;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// The update offset and the unanswered updates beside it, kept by the store's <see cref="IPlatformOffsets"/> as the
/// stream <c>telegram</c>: in the bot's own LiteDB store (the checkpoint <c>telegram.offset</c> and the collection
/// <c>telegram_inbox</c>), or in PostgreSQL. Each change of the offset returns once it is durable: a kill that took
/// the offset back would have Telegram send those updates again. Webhook updates are claimed by id in the store's
/// <see cref="IPlatformUpdateClaims"/>, so each is taken once among the replicas.
/// </summary>
public sealed class CheckpointOffsetStore(IPlatformOffsets offsets, IPlatformUpdateClaims claims) : IUpdateOffsetStore
{
    public const string Stream = "telegram";
    public const string Name = "telegram.offset";
    public const string Inbox = "telegram_inbox";

    /// <summary>Over the bot's own LiteDB store, as one process keeps it.</summary>
    public CheckpointOffsetStore(BulletinDatabase database, CheckpointStore checkpoints)
        : this(new LitePlatformOffsets(database, checkpoints), new LitePlatformUpdateClaims(database))
    {
    }

    public int Load() => (int)Math.Clamp(offsets.Load(Stream), 0, int.MaxValue);

    public void Save(int offset) => offsets.Save(Stream, offset);

    public void Accept(IReadOnlyList<PendingUpdate> handedOver, int nextOffset)
    {
        ArgumentNullException.ThrowIfNull(handedOver);
        offsets.Accept(Stream, [.. handedOver.Select(u => new PlatformUpdate(u.Id, u.Lane, u.Json))], nextOffset);
    }

    public void Finished(int id) => offsets.Finished(Stream, id);

    public bool Claim(int id) => claims.TryClaim(Stream, id);

    public bool Claim(PendingUpdate keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return claims.TryClaim(Stream, new PlatformUpdate(keep.Id, keep.Lane, keep.Json));
    }

    public IReadOnlyList<PendingUpdate> Unfinished() => Pending(offsets.Unfinished(Stream));

    public IReadOnlyList<PendingUpdate> TakeOver() => Pending(offsets.TakeOver(Stream));

    private static PendingUpdate[] Pending(IReadOnlyList<PlatformUpdate> updates) =>
        [.. updates.Select(u => new PendingUpdate((int)u.Id, u.Lane, u.Payload))];
}
