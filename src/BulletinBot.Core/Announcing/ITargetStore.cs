namespace BulletinBot.Core.Announcing;

/// <summary>
/// The port of the announcement targets: the configured ones (synchronised with the settings at start) and the
/// subscriptions chats made, with what was delivered to each and whether a platform refused it for good. LiteDB
/// implements it for one process (<see cref="TargetStore"/>), PostgreSQL for several replicas; one contract suite
/// checks both. A subscription is added by <see cref="IOutbox.Subscribe"/>, together with its backfill.
/// </summary>
public interface ITargetStore
{
    /// <summary>
    /// Makes the configured targets those of <paramref name="configured"/>, in one transaction: new ones are added,
    /// known ones keep their counts, ones no longer configured take no new rows. A configured target a platform
    /// refused is enabled again; returns those, as they were, with the reason they were refused.
    /// </summary>
    IReadOnlyList<AnnouncementTarget> SyncConfigured(IReadOnlyList<(DeliveryTarget Destination, string Filter)> configured, DateTimeOffset now);

    /// <summary>A chat's own active subscriptions, oldest first; the numbers <c>subscriptions</c> shows are positions in this list.</summary>
    IReadOnlyList<AnnouncementTarget> SubscriptionsOf(string platform, string chatId);

    /// <summary>Ends a subscription: it takes no new rows; rows already queued are still delivered.</summary>
    void Retire(string key);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Get is the store's name for a lookup by key everywhere; no VB implementer exists.")]
    AnnouncementTarget? Get(string key);

    IReadOnlyList<AnnouncementTarget> All();

    /// <summary>The platform refused this target for good: it gets nothing more until it is enabled again.</summary>
    void Disable(string key, string reason);
}
