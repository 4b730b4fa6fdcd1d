using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// Wakes whoever waits for new changes or new outbox rows the moment another replica commits them, through
/// <c>LISTEN</c>/<c>NOTIFY</c> on one dedicated connection. Notifications sent while that connection was down are never
/// replayed, so a wait is always bounded: a waiter polls when its wait times out, and every waiter is woken when the
/// connection comes back, to look for what it may have missed.
/// A change notification that carries its committed change number moves <paramref name="head"/> on at once.
/// </summary>
public sealed class PostgresWakeups(NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresWakeups> logger, PostgresChangeHead? head = null)
{
    /// <summary>Sent in the transaction that adds changes to the change sequence; delivered when it commits.</summary>
    public const string Changes = "bb_changes";

    /// <summary>Sent in the transaction that adds outbox rows.</summary>
    public const string Outbox = "bb_outbox";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waits = new(StringComparer.Ordinal);

    /// <summary>Whether the listening connection is up; while it is not, waiters fall back to polling.</summary>
    public bool Listening { get; private set; }

    /// <summary>Listens until <paramref name="cancellationToken"/> is cancelled, reconnecting with back-off when the connection drops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, notification) => Heard(notification);
                await using (var listen = new NpgsqlCommand($"LISTEN {Changes}; LISTEN {Outbox}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                Listening = true;
                retry = FirstRetry;

                // Whatever was committed while no one listened: every waiter looks once.
                Wake(Changes);
                Wake(Outbox);
                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Listening = false;
                logger.LogWarning("PostgreSQL notifications lost ({Reason}); polling until they are back, next try in {Retry}", exception.Message, retry);
                await Task.Delay(retry, time, cancellationToken).ConfigureAwait(false);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }

        Listening = false;
    }

    /// <summary>
    /// Returns when <paramref name="channel"/> is notified after this call began, or after <paramref name="poll"/>,
    /// whichever comes first; the caller then looks for work either way.
    /// </summary>
    public async Task WaitAsync(string channel, TimeSpan poll, CancellationToken cancellationToken)
    {
        var wait = _waits.GetOrAdd(channel, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await wait.Task.WaitAsync(poll, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Polling: a notification may have been lost.
        }
    }

    private void Heard(NpgsqlNotificationEventArgs notification)
    {
        if (head is not null && notification.Channel == Changes
            && long.TryParse(notification.Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
        {
            head.Advance(sequence);
        }

        Wake(notification.Channel);
    }

    private void Wake(string channel)
    {
        if (_waits.TryRemove(channel, out var wait))
        {
            wait.TrySetResult();
        }
    }
}
