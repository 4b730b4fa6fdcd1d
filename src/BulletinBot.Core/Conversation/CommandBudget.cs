using BulletinBot.Core.Chats;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Conversation;

/// <summary>What the door decided about one command.</summary>
public enum Admission
{
    /// <summary>Within the sender's budget: answer it.</summary>
    Admitted,

    /// <summary>Over budget, and not told in the last minute: drop it, and tell the sender once.</summary>
    RefusedAndTold,

    /// <summary>Over budget and already told this minute: drop it without a word.</summary>
    Refused,
}

/// <summary>
/// Each sender's budget of commands, taken when a command arrives rather than when it is answered, so a flood is
/// refused at the door and never queues ahead of anyone else. A bucket of a third of the minute's budget, refilled
/// evenly over the minute on <see cref="TimeProvider"/>. A sender over budget is told at most once a minute: told
/// once per refill, a steady flood would hear it every few seconds.
/// </summary>
public sealed class CommandBudget(IOptions<ConversationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan TellEvery = TimeSpan.FromMinutes(1);
    private const int ForgetAbove = 10_000;

    private readonly double _capacity = Math.Max(1, options.Value.CommandsPerMinute / 3);
    private readonly double _perSecond = options.Value.CommandsPerMinute / 60.0;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Sender> _senders = new(StringComparer.Ordinal);

    /// <summary>Takes one command from the sender's budget. The terminal has no budget: its one user is the operator.</summary>
    public Admission Admit(ChatContext chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (chat.Platform == Platforms.Terminal)
        {
            return Admission.Admitted;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_senders.TryGetValue(chat.SenderKey, out var sender))
            {
                Forget(now);
                sender = new Sender(_capacity, now);
                _senders[chat.SenderKey] = sender;
            }

            var tokens = Math.Min(_capacity, sender.Tokens + (now - sender.At).TotalSeconds * _perSecond);
            if (tokens >= 1)
            {
                _senders[chat.SenderKey] = sender with { Tokens = tokens - 1, At = now };
                return Admission.Admitted;
            }

            var tell = sender.Told is not { } told || now - told >= TellEvery;
            _senders[chat.SenderKey] = sender with { Tokens = tokens, At = now, Told = tell ? now : sender.Told };
            return tell ? Admission.RefusedAndTold : Admission.Refused;
        }
    }

    /// <summary>Senders with a full bucket and no recent warning are no different from new ones.</summary>
    private void Forget(DateTimeOffset now)
    {
        if (_senders.Count < ForgetAbove)
        {
            return;
        }

        var idle = TimeSpan.FromSeconds(_capacity / _perSecond) + TellEvery;
        foreach (var key in _senders.Where(entry => now - entry.Value.At >= idle).Select(entry => entry.Key).ToList())
        {
            _senders.Remove(key);
        }
    }

    private sealed record Sender(double Tokens, DateTimeOffset At, DateTimeOffset? Told = null);
}
