using System.Globalization;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// Work that must run once among the replicas (reading the sources, dispatching the outbox) is held by a
/// session-level advisory lock on a connection of its own. PostgreSQL drops the lock the moment that session ends:
/// a replica killed with -9 closes its socket, and the server ends the session on the spot. A replica that is alive
/// but cut off (a frozen process, a lost network) is caught by <c>idle_session_timeout</c>: the holder pings three
/// times per <see cref="TakeoverAfter"/>, so a session silent for that long is ended by the server and its lock
/// released. The holder stops its work as soon as one ping fails, before another replica can take the lease.
/// </summary>
public sealed class PostgresLease(NpgsqlDataSource dataSource, string name, TimeSpan takeoverAfter, TimeProvider time, string? holder = null) : IAsyncDisposable
{
    /// <summary>The prefix of the lease session's <c>application_name</c>; the rest names the holder (host and pid).</summary>
    public const string ApplicationNamePrefix = "bulletinbot lease ";

    private NpgsqlConnection? _connection;
    private CancellationTokenSource? _held;
    private Task? _keepAlive;

    /// <summary>How long a silent holder keeps the lease before the server ends its session.</summary>
    public TimeSpan TakeoverAfter { get; } = takeoverAfter > TimeSpan.FromSeconds(1) ? takeoverAfter : TimeSpan.FromSeconds(1);

    /// <summary>The advisory lock key: a stable hash of the lease's name.</summary>
    public long Key { get; } = KeyOf(name);

    public string Name => name;

    public bool IsHeld => _held is { IsCancellationRequested: false };

    /// <summary>
    /// Takes the lease if no one holds it. On success, the returned token is cancelled when the lease is lost (a
    /// failed ping, the server gone) or released; the work it guards must stop then.
    /// </summary>
    public async Task<CancellationToken?> TryTakeAsync(CancellationToken cancellationToken)
    {
        if (IsHeld)
        {
            return _held!.Token;
        }

        await ReleaseAsync().ConfigureAwait(false);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var milliseconds = ((long)TakeoverAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            await using (var timeout = new NpgsqlCommand($"SET idle_session_timeout = {milliseconds}", connection))
            {
                await timeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (holder is not null)
            {
                // Who holds it, for health on any replica: the session's application_name, gone with the session.
                await using var named = new NpgsqlCommand("SELECT set_config('application_name', $1, false)", connection);
                named.Parameters.AddWithValue(ApplicationNamePrefix + holder);
                await named.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            take.Parameters.AddWithValue(Key);
            if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _connection = connection;
        _held = new CancellationTokenSource();
        var held = _held;
        _keepAlive = Task.Run(() => KeepAliveAsync(connection, held), CancellationToken.None);
        return held.Token;
    }

    /// <summary>Gives the lease up; another replica may take it at once.</summary>
    public async Task ReleaseAsync()
    {
        if (_held is { } held)
        {
            await held.CancelAsync().ConfigureAwait(false);
        }

        if (_keepAlive is { } keepAlive)
        {
            await keepAlive.ConfigureAwait(false);
        }

        if (_connection is { } connection)
        {
            // A pooled connection's session outlives Dispose (its reset runs only on its next use): the lock is released
            // and the session's settings undone here, or the pool would keep the lease held and the session timing out.
            try
            {
                await using var reset = new NpgsqlCommand(
                    "SELECT pg_advisory_unlock_all(); RESET idle_session_timeout; RESET application_name", connection) { CommandTimeout = 5 };
                await reset.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                // The session is gone, and its lock with it; the broken connection is not pooled again.
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _held?.Dispose();
        _held = null;
        _keepAlive = null;
        _connection = null;
    }

    public ValueTask DisposeAsync() => new(ReleaseAsync());

    private async Task KeepAliveAsync(NpgsqlConnection connection, CancellationTokenSource held)
    {
        var every = TakeoverAfter / 3;
        try
        {
            while (!held.IsCancellationRequested)
            {
                await Task.Delay(every, time, held.Token).ConfigureAwait(false);
                await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = Math.Max(1, (int)every.TotalSeconds) };
                await ping.ExecuteScalarAsync(held.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
            // Released.
        }
        catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            // The session is gone or cannot answer: the lease may be someone else's now.
            await held.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The advisory lock key of the lease <paramref name="name"/>.</summary>
    public static long KeyOf(string name)
    {
        var hash = System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes("bulletinbot:" + name));
        return unchecked((long)hash);
    }
}
