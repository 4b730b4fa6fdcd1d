using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// A platform's delivery port: posts an announcement to one chat, channel or thread and says how
/// it went, so the dispatcher can mark it delivered, retry it later or disable the target.
/// </summary>
public interface IChatChannel
{
    /// <summary>The platform this channel delivers to, one of <see cref="Chats.Platforms"/>, as in <see cref="DeliveryTarget.Platform"/>.</summary>
    string Platform { get; }

    /// <summary>The platform's documented sending limits, which the dispatcher keeps deliveries to.</summary>
    DeliveryLimits Limits { get; }

    Task<DeliveryResult> SendAsync(Delivery delivery, CancellationToken cancellationToken);
}

/// <summary>A chat or channel on a platform, and optionally a thread or forum topic in it.</summary>
public sealed record DeliveryTarget(string Platform, string ChatId, string? ThreadId = null);

/// <summary>
/// One message to post: a single item is an announcement card, several are one digest. The key is
/// stable across retries, so a platform that supports it (a Discord nonce) posts a retry only once. The language
/// (a code of <see cref="Localization.Languages"/>) is the target's: the words and dates around the items are in it.
/// </summary>
public sealed record Delivery(DeliveryTarget Target, string IdempotencyKey, IReadOnlyList<BulletinItem> Items, string Language = Localization.Languages.English);

/// <summary>How a delivery went.</summary>
public abstract record DeliveryResult;

/// <summary>The platform accepted the message.</summary>
public sealed record Delivered(string? MessageId) : DeliveryResult;

/// <summary>Refused for good (the bot was removed, the chat is gone): retrying would never help.</summary>
public sealed record Refused(string Reason) : DeliveryResult;

/// <summary>Not now (a rate limit, a server error, a dropped connection): try again, not before <see cref="After"/>.</summary>
public sealed record RetryLater(TimeSpan? After, string Reason) : DeliveryResult;
