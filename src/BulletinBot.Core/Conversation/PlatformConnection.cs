namespace BulletinBot.Core.Conversation;

/// <summary>
/// An adapter's connection state as it last saw it, for the health check. Adapters set it where they
/// learn it (a successful poll, a gateway session that reached Ready, a failure and its kind).
/// </summary>
public sealed class PlatformConnection(string platform) : IPlatformStatus
{
    private readonly TaskCompletionSource<string> _refusal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile State _state = new(false, "starting");

    public string Platform => platform;

    public bool IsConnected => _state.Connected;

    public string Detail => _state.Detail;

    /// <summary>Completes, with its one line, once the platform refused the bot's credentials for good.</summary>
    public Task<string> Refusal => _refusal.Task;

    public void Connected()
    {
        if (!_refusal.Task.IsCompleted)
        {
            _state = new State(true, string.Empty);
        }
    }

    /// <summary>Not connected now, and why, in one line without any secret.</summary>
    public void Disconnected(string reason)
    {
        if (!_refusal.Task.IsCompleted)
        {
            _state = new State(false, reason);
        }
    }

    /// <summary>
    /// The platform refused the credentials (a revoked or wrong token): nothing will work until a setting is
    /// changed, so the adapter stops and the host decides whether the process still has a use.
    /// </summary>
    public void Refused(string line)
    {
        _state = new State(false, line);
        _refusal.TrySetResult(line);
    }

    private sealed record State(bool Connected, string Detail);
}
