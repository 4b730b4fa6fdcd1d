using BulletinBot.Core.Announcing;
using BulletinBot.Discord.Rest;

namespace BulletinBot.Discord.Limits;

/// <summary>
/// Discord's sending limits for announcements, as <see cref="DiscordChatChannel.Limits"/> declares them: the global
/// 50 requests a second, and 5 messages per 5 seconds in each channel. Discord has no separate group limit (a DM is
/// a channel like any other), and a thread is a channel of its own, with its own limit.
/// </summary>
public static class DiscordLimits
{
    public static DeliveryLimits Sending { get; } = new(
        Overall: new("50 requests/s overall", DiscordRateLimits.GlobalRequestsPerSecond, TimeSpan.FromSeconds(1)),
        PerChat: new("5 messages per 5 s per channel", 5, TimeSpan.FromSeconds(5)))
    {
        ThreadIsChat = true,
    };
}
