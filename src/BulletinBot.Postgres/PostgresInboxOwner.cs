using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// This process as the owner of the platform updates it keeps and has not answered yet (the column <c>owner</c> of
/// <c>bb_platform_inbox</c>). The owner key is random, one per process, and the process holds a session advisory lock
/// on it, a <see cref="PostgresLease"/> on a connection of its own, for as long as it runs. PostgreSQL frees that lock
/// the moment the session ends: a replica killed with -9 at once, one cut off within its takeover time. A row whose
/// owner's lock is free was therefore left by a process that ended, and any live replica may take it over; a row of a
/// live owner is that owner's to answer. A lost lock is taken again within a retry (<see cref="KeepAsync"/>); meanwhile
/// a replica may take this one's rows over and answer an update both had in hand, an in-flight repeat Telegram allows for.
/// </summary>
public sealed class PostgresInboxOwner : IAsyncDisposable
{
    private readonly PostgresLease _lease;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public PostgresInboxOwner(NpgsqlDataSource dataSource, TimeSpan takeoverAfter, TimeProvider time, ILogger<PostgresInboxOwner>? logger = null)
    {
        // A lease of its own name, so its key is the one PostgresLease locks; the random part makes it this process's.
        _lease = new PostgresLease(dataSource, "inbox owner " + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), takeoverAfter, time);
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The owner key written beside each update this process keeps.</summary>
    public long Key => _lease.Key;

    public bool IsHeld => _lease.IsHeld;

    /// <summary>Takes the owner lock when it is not held; true when it is held after the call.</summary>
    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken) =>
        _lease.IsHeld || await _lease.TryTakeAsync(cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Holds the owner lock while the host runs (<c>InboxOwnerKeeper</c>): taken at start, and again each
    /// <paramref name="every"/> after it was lost (the server gone for a while). An update kept while it is not held
    /// is kept all the same, and may be taken over by a replica that answers it too: an in-flight repeat.
    /// </summary>
    public async Task KeepAsync(TimeSpan every, CancellationToken stoppingToken)
    {
        var warned = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await TryHoldAsync(stoppingToken).ConfigureAwait(false))
                {
                    warned = false;
                }
                else if (!warned)
                {
                    warned = true;
                    _logger.LogWarning("The inbox owner lock is held by another session (a replica taking this one's updates over); trying again");
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                if (!warned)
                {
                    warned = true;
                    _logger.LogWarning("The inbox owner lock could not be taken ({Error}); trying again every {Every}", exception.Message, every);
                }
            }

            try
            {
                await Task.Delay(every, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync() => _lease.DisposeAsync();
}
