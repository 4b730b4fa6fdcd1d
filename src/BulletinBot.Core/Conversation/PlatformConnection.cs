namespace BulletinBot.Core.Conversation;

/// <summary>
/// An adapter's connection state as it last saw it, for the health check. Adapters set it where they
/// learn it (a successful poll, a gateway session that reached Ready, a failure and its kind).
/// </summary>
public sealed class PlatformConnection(string platform) : IPlatformStatus
{
    private volatile State _state = new(false, "starting");

    public string Platform => platform;

    public bool IsConnected => _state.Connected;

    public string Detail => _state.Detail;

    public void Connected() => _state = new State(true, string.Empty);

    /// <summary>Not connected now, and why, in one line without any secret.</summary>
    public void Disconnected(string reason) => _state = new State(false, reason);

    private sealed record State(bool Connected, string Detail);
}
