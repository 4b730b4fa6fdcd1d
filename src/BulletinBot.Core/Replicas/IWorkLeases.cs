namespace BulletinBot.Core.Replicas;

/// <summary>
/// Work that must run in one process at a time among the replicas that share a store: reading the sources and
/// dispatching the outbox (<see cref="WorkLeaseNames.Leader"/>), polling Telegram for updates, each Discord shard.
/// On the embedded store one process owns the store, so it holds every lease; on a database server the replicas
/// compete for them, and a replica that dies loses its leases to another within <see cref="ReplicaOptions.TakeoverAfter"/>.
/// </summary>
public interface IWorkLeases
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> if no process holds it, else returns null at once. The hold's
    /// <see cref="ILeaseHold.Lost"/> is cancelled when the lease is lost (the server gone, a failed keep-alive); the
    /// work it guards must stop then. Disposing the hold gives the lease up.
    /// </summary>
    Task<ILeaseHold?> TryTakeAsync(string name, CancellationToken cancellationToken);

    /// <summary>How often a process that does not hold a lease tries to take it again.</summary>
    TimeSpan RetryEvery { get; }
}

/// <summary>A lease this process holds until it is disposed or <see cref="Lost"/> fires.</summary>
public interface ILeaseHold : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Cancelled when the lease is lost or given up.</summary>
    CancellationToken Lost { get; }
}

/// <summary>The names of the leases the bot takes.</summary>
public static class WorkLeaseNames
{
    /// <summary>Reading the sources and dispatching the outbox: the leader's work.</summary>
    public const string Leader = "leader";

    /// <summary>The one <c>getUpdates</c> consumer a Telegram token allows.</summary>
    public const string TelegramUpdates = "telegram:updates";

    /// <summary>The lease on one Discord gateway shard.</summary>
    public static string DiscordShard(int shardId) => $"discord:shard:{shardId}";

    /// <summary>
    /// Held by one replica that runs <paramref name="count"/> Discord shards (fewer than all of them), so that a replica
    /// running two or more than that can see it and give it one.
    /// </summary>
    public static string DiscordRuns(int count) => $"discord:runs:{count}";

    /// <summary>Held by the one replica closing a Discord shard for another to take, so that one shard moves at a time.</summary>
    public const string DiscordGiving = "discord:giving";

    /// <summary>
    /// Held with <see cref="DiscordGiving"/> while a shard is given to the replica holding
    /// <see cref="DiscordRuns"/>(<paramref name="count"/>): only that replica (or one that runs none) takes it.
    /// </summary>
    public static string DiscordGivingTo(int count) => $"discord:giving-to:{count}";
}
