namespace BulletinBot.Core.Conversation;

/// <summary>
/// What a platform adapter tells the health check: whether it is connected to its platform now, and
/// if not, why (one line, never a token).
/// </summary>
public interface IPlatformStatus
{
    string Platform { get; }

    bool IsConnected { get; }

    string Detail { get; }
}
