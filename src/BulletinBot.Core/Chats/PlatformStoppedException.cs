namespace BulletinBot.Core.Chats;

/// <summary>
/// A platform's service cannot go on (its listener cannot listen, say); the message says in one line what to fix. It
/// stops the bot with an error, so a supervisor sees it, rather than leaving a bot that runs on and cannot be reached.
/// </summary>
public sealed class PlatformStoppedException : Exception
{
    public PlatformStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PlatformStoppedException()
    {
    }

    public PlatformStoppedException(string message)
        : base(message)
    {
    }
}
