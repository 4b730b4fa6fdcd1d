namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Tells who follows the store that a round over the sources ended: the first one (the backfill of a
/// first run) and each one after, so the outbox looks at once instead of at its next poll.
/// </summary>
public sealed class IngestionRounds
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstRound => _first.Task;

    /// <summary>Completes when the round after this call ends.</summary>
    public Task NextRound => Volatile.Read(ref _next).Task;

    private TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when someone (the seeds folder's watcher) asks for a round before the next scheduled one.</summary>
    public Task Requested => Volatile.Read(ref _requested).Task;

    public void Request() => Volatile.Read(ref _requested).TrySetResult();

    /// <summary>
    /// A round begins: the request it answers is taken now, so one made while it runs (a page dropped after it read
    /// the folder) still asks for the next round instead of being cleared when this one ends.
    /// </summary>
    public void Started()
    {
        if (Volatile.Read(ref _requested).Task.IsCompleted)
        {
            Interlocked.Exchange(ref _requested, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    public void Completed()
    {
        _first.TrySetResult();
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
