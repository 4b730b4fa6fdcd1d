namespace BulletinBot.Core.Announcing;

/// <summary>
/// Tells the leader that another process committed new changes or outbox rows (an ingest run on its own, a
/// subscription answered by another replica). On the embedded store one process writes everything and wakes its own
/// dispatcher, so none is registered; on a database server the replicas hear each other's commits.
/// </summary>
public interface IOutboxSignal
{
    /// <summary>Returns when new changes or outbox rows were committed after this call began, or after <paramref name="poll"/>.</summary>
    Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken);
}
