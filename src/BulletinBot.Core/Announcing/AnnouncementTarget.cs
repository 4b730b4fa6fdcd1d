namespace BulletinBot.Core.Announcing;

/// <summary>Where a target came from: the operator's settings, or a chat's <c>subscribe</c>.</summary>
public enum TargetOrigin
{
    Configured,
    Subscription,
}

/// <summary>
/// A chat that announcements go to, as the outbox keeps it: its key (the outbox rows name it), where
/// it is, which items it wants, whether it still takes new rows, and whether the platform refused it for good.
/// </summary>
public sealed record AnnouncementTarget(
    string Key,
    TargetOrigin Origin,
    DeliveryTarget Destination,
    string Filter,
    bool Active,
    string? DisabledReason,
    long Delivered,
    DateTimeOffset Created)
{
    public bool Disabled => DisabledReason is not null;

    /// <summary>
    /// The language the chat spoke when it subscribed (a code of <see cref="Localization.Languages"/>); its
    /// announcements use it unless the chat chose another with the language command. Null for a configured target,
    /// whose language is a setting.
    /// </summary>
    public string? Language { get; init; }

    /// <summary>The key of a configured target: one per platform, chat and thread.</summary>
    public static string ConfiguredKey(DeliveryTarget destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return $"cfg:{destination.Platform}:{destination.ChatId}:{destination.ThreadId}";
    }

    /// <summary>The key of the <paramref name="number"/>th subscription ever made.</summary>
    public static string SubscriptionKey(long number) => $"sub:{number}";
}
