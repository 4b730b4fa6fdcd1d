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

    public void Completed()
    {
        _first.TrySetResult();
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
