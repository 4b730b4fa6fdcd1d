namespace BulletinBot.Core.Chats;

/// <summary>
/// The names of the platforms a chat or an announcement target is on, as stored (subscriptions, outbox rows,
/// listings keyed by chat) and as each adapter and its delivery port call themselves. Lower-case; compare them
/// ordinally.
/// </summary>
public static class Platforms
{
    public const string Telegram = "telegram";
    public const string Discord = "discord";
    public const string Terminal = "terminal";
}
