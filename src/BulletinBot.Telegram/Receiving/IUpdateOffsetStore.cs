namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// The next update id to ask Telegram for, and the updates already taken from Telegram but not yet answered, kept
/// where a restart finds them (the store's IPlatformOffsets, LiteDB or PostgreSQL). Asking Telegram from an offset confirms, and so deletes, every
/// update before it; an update is therefore kept here, in the same step that moves the offset past it, until its
/// chat has answered it. A restart neither skips an update nor answers again one that was finished.
/// </summary>
public interface IUpdateOffsetStore
{
    int Load();

    void Save(int offset);

    /// <summary>Keeps <paramref name="handedOver"/> until each is finished and stores <paramref name="nextOffset"/>, all or nothing.</summary>
    void Accept(IReadOnlyList<PendingUpdate> handedOver, int nextOffset);

    /// <summary>The update was answered (or failed for good): a restart must not answer it again.</summary>
    void Finished(int id);

    /// <summary>Updates handed over before the last stop and not finished, oldest first.</summary>
    IReadOnlyList<PendingUpdate> Unfinished();

    /// <summary>
    /// Webhook mode: the unfinished updates no running replica answers (kept by one that ended, or before this one
    /// started), from now on this replica's; never one a live replica is answering.
    /// </summary>
    IReadOnlyList<PendingUpdate> TakeOver();

    /// <summary>
    /// True the first time any replica claims update <paramref name="id"/> (webhook mode): an update Telegram delivers
    /// again, or that two replicas behind a balancer both receive, is taken once.
    /// </summary>
    bool Claim(int id);

    /// <summary>
    /// As <see cref="Claim(int)"/>, and the first claim keeps <paramref name="keep"/> until it is finished, in the same
    /// step: an update acknowledged to Telegram is always kept, and one claimed by a process that died before the
    /// acknowledgement is kept too, so a live replica takes it over (<see cref="TakeOver"/>) and answers it.
    /// </summary>
    bool Claim(PendingUpdate keep);
}

/// <summary>An update handed to its chat's queue: its id, that chat, and the update as Telegram sent it.</summary>
public sealed record PendingUpdate(int Id, string Lane, string Json);
