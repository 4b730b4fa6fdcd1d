using System.Globalization;
using System.Net.Sockets;
using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// Reaches the database once, before the first store is used, and applies the migrations it lacks (under the
/// migrator's advisory lock, so replicas starting together apply each once). A server that cannot be reached or
/// refuses this bot is one <see cref="StorageException"/> naming the server and the setting, never the password.
/// </summary>
internal sealed class PostgresStart(NpgsqlDataSource dataSource)
{
    private readonly Lock _gate = new();
    private bool _applied;

    /// <summary>
    /// Connects and migrates on the first call; the later ones return at once. A failure is not kept: a replica that
    /// started while the server was down reaches it on a later call, once it is back.
    /// </summary>
    public void EnsureReady()
    {
        lock (_gate)
        {
            if (!_applied)
            {
                Apply(dataSource);
                _applied = true;
            }
        }
    }

    private static int Apply(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var server = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}");
        try
        {
            return SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (PostgresException exception)
        {
            throw new StorageException(
                $"PostgreSQL at {server} refused the bot ({exception.SqlState}: {exception.MessageText}). Check {PostgresStorageOptions.Setting}.", exception);
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            var reason = (exception.InnerException ?? exception).Message.ReplaceLineEndings(" ").TrimEnd('.');
            throw new StorageException(
                $"PostgreSQL at {server} cannot be reached ({reason}). Check {PostgresStorageOptions.Setting}.", exception);
        }
    }
}
