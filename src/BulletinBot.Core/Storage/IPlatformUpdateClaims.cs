namespace BulletinBot.Core.Storage;

/// <summary>
/// Which platform updates were already taken, by any replica: a webhook update that the platform delivers again (it
/// retries when an answer is slow) or that reaches two replicas behind a balancer is answered once. A claim is kept
/// for <see cref="KeptFor"/>, longer than a platform retries one update. LiteDB implements it for one process
/// (<see cref="LitePlatformUpdateClaims"/>); PostgreSQL for several.
/// </summary>
public interface IPlatformUpdateClaims
{
    /// <summary>How long a claim is remembered; Telegram keeps an undelivered update for at most 24 hours.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(2);

    /// <summary>True for the first claim of <paramref name="id"/> in <paramref name="stream"/>, false for every later one; durable when it returns.</summary>
    bool TryClaim(string stream, long id);

    /// <summary>
    /// As <see cref="TryClaim(string, long)"/> for <paramref name="keep"/>'s id, and the first claim also keeps
    /// <paramref name="keep"/> among the stream's unanswered updates (<see cref="IPlatformOffsets.Unfinished"/>), in
    /// the same transaction: an update is never claimed without being kept, so a process that dies between the two
    /// cannot leave a claimed update that nobody keeps (a delivery of it again would find it taken, and it would be lost).
    /// </summary>
    bool TryClaim(string stream, PlatformUpdate keep);
}
