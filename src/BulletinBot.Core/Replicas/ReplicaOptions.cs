namespace BulletinBot.Core.Replicas;

/// <summary>The <c>Replicas</c> settings: how replicas sharing a store on a database server hand work over.</summary>
public sealed class ReplicaOptions
{
    public const string Section = "Replicas";

    /// <summary>
    /// How long a replica that stopped answering keeps its leases before another takes its work over. A replica
    /// killed outright loses them at once (its database session ends); this bounds the frozen or cut-off case.
    /// </summary>
    public TimeSpan TakeoverAfter { get; set; } = TimeSpan.FromSeconds(15);

    public const string TakeoverAfterMessage = "Replicas:TakeoverAfter must be between 00:00:02 and 00:10:00 (e.g. 00:00:15).";

    public bool IsValid => TakeoverAfter >= TimeSpan.FromSeconds(2) && TakeoverAfter <= TimeSpan.FromMinutes(10);
}
