using BulletinBot.Core.Announcing;

namespace BulletinBot.Telegram.Delivery;

/// <summary>
/// Telegram's documented sending limits (core.telegram.org/bots/faq, "broadcasting to users"): about 30 messages a
/// second overall, one a second in a chat, and 20 a minute in a group. Groups, supergroups and channels have
/// negative ids, and a public channel may be addressed by its @username; private chats have positive ids. A forum
/// topic shares its chat's limits. The dispatcher (through <see cref="TelegramChatChannel.Limits"/>) and
/// <see cref="ChatPacer"/> both read this table.
/// </summary>
public static class TelegramLimits
{
    public static DeliveryLimits Sending { get; } = new(
        Overall: new("30 messages/s overall", 30, TimeSpan.FromSeconds(1)),
        PerChat: new("1 message/s per chat", 1, TimeSpan.FromSeconds(1)),
        PerGroup: new("20 messages/min per group or channel", 20, TimeSpan.FromMinutes(1)))
    {
        IsGroup = IsGroupOrChannel,
    };

    /// <summary>A group, supergroup or channel: a negative id, or a channel's @username.</summary>
    public static bool IsGroupOrChannel(string chatId)
    {
        ArgumentNullException.ThrowIfNull(chatId);
        return chatId.StartsWith('-') || chatId.StartsWith('@');
    }
}
