using BulletinBot.Core.Announcing;

namespace BulletinBot.Postgres;

/// <summary>New changes or outbox rows committed by any replica, heard through <see cref="PostgresWakeups"/>.</summary>
public sealed class PostgresOutboxSignal(PostgresWakeups wakeups) : IOutboxSignal
{
    public async Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(
            wakeups.WaitAsync(PostgresWakeups.Changes, poll, either.Token),
            wakeups.WaitAsync(PostgresWakeups.Outbox, poll, either.Token)).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
