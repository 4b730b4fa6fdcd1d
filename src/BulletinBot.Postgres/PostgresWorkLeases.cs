using System.Globalization;
using BulletinBot.Core.Replicas;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// The leases the replicas sharing one database compete for, each a <see cref="PostgresLease"/> (a session advisory
/// lock on a connection of its own): a replica killed outright loses its leases at once, one cut off within
/// <see cref="ReplicaOptions.TakeoverAfter"/>. The lease session's <c>application_name</c> names the holder (host and
/// pid), so <c>health</c> on any replica can say who leads.
/// </summary>
public sealed class PostgresWorkLeases(NpgsqlDataSource dataSource, IOptions<ReplicaOptions> options, TimeProvider time) : IWorkLeases
{
    private static readonly TimeSpan FastestRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SlowestRetry = TimeSpan.FromSeconds(2);

    /// <summary>This process as a lease holder: host name and process id.</summary>
    public static string ThisHolder { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} pid {Environment.ProcessId}");

    private TimeSpan TakeoverAfter => options.Value.TakeoverAfter;

    /// <summary>A tenth of the takeover time, between a quarter second and two seconds.</summary>
    public TimeSpan RetryEvery => RetryFor(TakeoverAfter);

    public static TimeSpan RetryFor(TimeSpan takeoverAfter)
    {
        var tenth = takeoverAfter / 10;
        return tenth < FastestRetry ? FastestRetry : tenth > SlowestRetry ? SlowestRetry : tenth;
    }

    public async Task<ILeaseHold?> TryTakeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var lease = new PostgresLease(dataSource, name, TakeoverAfter, time, ThisHolder);
        try
        {
            if (await lease.TryTakeAsync(cancellationToken).ConfigureAwait(false) is { } lost)
            {
                return new Hold(lease, lost);
            }
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await lease.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class Hold(PostgresLease lease, CancellationToken lost) : ILeaseHold
    {
        public string Name => lease.Name;

        public CancellationToken Lost => lost;

        public ValueTask DisposeAsync() => lease.DisposeAsync();
    }
}
