namespace BulletinBot.Core.Storage;

/// <summary>
/// The store's change sequence as its consumers read it: each consumer (the announcement outbox, a
/// persisted index) records the number of the last change it applied, and asks for the changes
/// after it. <see cref="Consume"/> applies a batch and records its end in one transaction, so a crash
/// anywhere neither loses a change nor applies one twice.
/// </summary>
public sealed class ChangeFeed(BulletinDatabase database, BulletinStore store, CheckpointStore checkpoints)
{
    /// <summary>The number of the last change <paramref name="consumer"/> applied.</summary>
    public long Position(string consumer) => checkpoints.Get(Key(consumer));

    /// <summary>The changes <paramref name="consumer"/> has not applied yet, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<StoredChange> Pending(string consumer, int max) => store.ChangesAfter(Position(consumer), max);

    /// <summary>
    /// Hands <paramref name="consumer"/>'s pending changes (at most <paramref name="max"/>) to
    /// <paramref name="apply"/> and records them applied. When <paramref name="apply"/> writes to this
    /// store, its writes commit together with the new position; when it throws, neither does.
    /// </summary>
    public int Consume(string consumer, int max, Action<IReadOnlyList<StoredChange>> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        return database.InTransaction(() =>
        {
            var changes = Pending(consumer, max);
            if (changes.Count > 0)
            {
                apply(changes);
                checkpoints.Set(Key(consumer), changes[^1].Sequence);
            }

            return changes.Count;
        });
    }

    private static string Key(string consumer) => "changes:" + consumer;
}
