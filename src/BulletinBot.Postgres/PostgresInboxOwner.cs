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
/// live owner is that owner's to answer. A lost lock is taken again on the next write; meanwhile a replica may take
/// this one's rows over and answer an update both had in hand, an in-flight repeat Telegram allows for.
/// </summary>
public sealed class PostgresInboxOwner : IAsyncDisposable
{
    private readonly PostgresLease _lease;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    public PostgresInboxOwner(NpgsqlDataSource dataSource, TimeSpan takeoverAfter, TimeProvider time, ILogger<PostgresInboxOwner>? logger = null)
    {
        // A lease of its own name, so its key is the one PostgresLease locks; the random part makes it this process's.
        Name = "inbox owner " + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _lease = new PostgresLease(dataSource, Name, takeoverAfter, time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Name { get; }

    /// <summary>The owner key written beside each update this process keeps.</summary>
    public long Key => _lease.Key;

    /// <summary>
    /// The owner key, with its lock held, taken (again) when it is not. Failing to take it is logged, and the key
    /// returned all the same: the update is kept either way, at worst taken over by a replica that also answers it.
    /// </summary>
    public long HeldKey()
    {
        lock (_gate)
        {
            if (!_lease.IsHeld)
            {
                try
                {
                    if (_lease.TryTakeAsync(CancellationToken.None).GetAwaiter().GetResult() is null)
                    {
                        _logger.LogWarning("The inbox owner lock is held by another session (a replica taking this one's updates over); taken again on the next update");
                    }
                }
                catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
                {
                    // The write that follows fails the same way, and its caller answers for it (a 503 on a webhook).
                    _logger.LogWarning("The inbox owner lock could not be taken: {Error}", exception.Message);
                }
            }

            return Key;
        }
    }

    public ValueTask DisposeAsync() => _lease.DisposeAsync();
}
