namespace BulletinBot.Core.Storage;

/// <summary>
/// The port of a platform's update stream as the store keeps it: the next offset to ask the platform for, and the
/// updates already taken from the platform but not yet answered. Asking from an offset confirms, and so deletes, every
/// update before it on the platform's side; an update is therefore kept here, in the same step that moves the offset
/// past it, until it was answered. Every change is durable when the call returns. LiteDB implements it for one process
/// (<see cref="LitePlatformOffsets"/>), PostgreSQL for several; one contract suite checks both.
/// </summary>
public interface IPlatformOffsets
{
    /// <summary>The stored offset of <paramref name="stream"/>; 0 when none was stored.</summary>
    long Load(string stream);

    void Save(string stream, long offset);

    /// <summary>Keeps <paramref name="handedOver"/> until each is finished and stores <paramref name="nextOffset"/>, all or nothing.</summary>
    void Accept(string stream, IReadOnlyList<PlatformUpdate> handedOver, long nextOffset);

    /// <summary>The update was answered (or failed for good): a restart must not answer it again.</summary>
    void Finished(string stream, long id);

    /// <summary>Updates handed over and not finished, oldest first, whichever process keeps them.</summary>
    IReadOnlyList<PlatformUpdate> Unfinished(string stream);

    /// <summary>
    /// The unfinished updates no running process answers, oldest first, from now on this process's to answer: those
    /// kept by a process that ended (killed, or stopped before answering them) and, on the first call, those kept
    /// before this process started. Never one a live replica keeps, so replicas that all take updates (webhooks) call
    /// it at start and now and then, and none answers what another is answering.
    /// </summary>
    IReadOnlyList<PlatformUpdate> TakeOver(string stream);
}

/// <summary>An update handed to its chat's queue: its id, that chat (its lane), and the update as the platform sent it.</summary>
public sealed record PlatformUpdate(long Id, string Lane, string Payload);
