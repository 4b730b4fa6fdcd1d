namespace BulletinBot.Core.Announcing;

/// <summary>One platform limit: at most <see cref="Permits"/> messages per <see cref="Period"/>.</summary>
public sealed record DeliveryLimit(string Name, int Permits, TimeSpan Period)
{
    /// <summary>
    /// How late a message may reach the platform after its permit was taken, relative to the message
    /// <see cref="Permits"/> before it, without breaking the limit.
    /// </summary>
    public static readonly TimeSpan Room = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The spacing that keeps any window of <see cref="Period"/> plus <see cref="Room"/> at or under
    /// <see cref="Permits"/> messages. The room is spread over the permits of a window rather than
    /// added to each spacing: a message is late against the one a whole window before it, not against
    /// its neighbour, and 10 ms on each 33 ms of Telegram's overall limit cost almost a third of it.
    /// </summary>
    public TimeSpan Spacing => (Period + Room) / Permits;
}

/// <summary>
/// A platform's documented sending limits, as its delivery port (<see cref="IChatChannel.Limits"/>) declares them:
/// one for every message the bot sends there, one for each chat, and one more for each group or channel. Core's
/// <see cref="DeliveryLimiter"/> and an adapter's own pacing read the same table.
/// </summary>
public sealed record DeliveryLimits(DeliveryLimit? Overall, DeliveryLimit? PerChat, DeliveryLimit? PerGroup = null)
{
    /// <summary>A platform we know no limits of.</summary>
    public static DeliveryLimits None { get; } = new(null, null);

    /// <summary>Whether a chat id names a group or a channel, held to <see cref="PerGroup"/> as well as <see cref="PerChat"/>.</summary>
    public Func<string, bool> IsGroup { get; init; } = static _ => false;

    /// <summary>Whether a thread is limited as a chat of its own (a Discord thread is a channel) or shares its chat's limits (a Telegram forum topic).</summary>
    public bool ThreadIsChat { get; init; }

    /// <summary>The chat whose limits a message to <paramref name="target"/> counts against.</summary>
    public string ChatOf(DeliveryTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ThreadIsChat ? target.ThreadId ?? target.ChatId : target.ChatId;
    }

    /// <summary>The limits a message to <paramref name="target"/> counts against, each with the chat it is counted for (null: the whole platform).</summary>
    public IEnumerable<(DeliveryLimit Limit, string? Chat)> For(DeliveryTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Overall is { } overall)
        {
            yield return (overall, null);
        }

        var chat = ChatOf(target);
        if (PerChat is { } perChat)
        {
            yield return (perChat, chat);
        }

        if (PerGroup is { } perGroup && IsGroup(target.ChatId))
        {
            yield return (perGroup, chat);
        }
    }
}
