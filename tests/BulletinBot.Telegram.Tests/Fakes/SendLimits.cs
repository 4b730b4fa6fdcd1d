namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>
/// Telegram's documented sending limits, as the fake enforces them for sendMessage: 30 messages a second overall,
/// one a second in a chat, 20 a minute in a group or channel (negative chat ids). Counted by arrival with a tenth of
/// each window as slack, since a message paced exactly by the bot can arrive a little early after one that was late.
/// </summary>
internal sealed class SendLimits
{
    private static readonly (string Name, int Permits, TimeSpan Window, Func<string, string?> Scope)[] Limits =
    [
        ("30 messages/s overall", 30, TimeSpan.FromSeconds(1), _ => "all"),
        ("1 message/s per chat", 1, TimeSpan.FromSeconds(1), chat => chat),
        ("20 messages/min per group or channel", 20, TimeSpan.FromMinutes(1), chat => chat.StartsWith('-') || chat.StartsWith('@') ? chat : null),
    ];

    private readonly Dictionary<string, List<DateTime>> sent = new(StringComparer.Ordinal);

    /// <summary>Takes a send to <paramref name="chat"/> at <paramref name="now"/>; null when allowed, else which limit it breaks and the seconds to wait.</summary>
    public (string Limit, int RetryAfter)? TryTake(string chat, DateTime now)
    {
        foreach (var (name, permits, window, scope) in Limits)
        {
            if (scope(chat) is not { } key)
            {
                continue;
            }

            var counted = window * 0.9;
            var times = Times(name + "|" + key);
            times.RemoveAll(t => now - t >= counted);
            if (times.Count >= permits)
            {
                var wait = counted - (now - times[0]);
                return (name, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
            }
        }

        foreach (var (name, _, _, scope) in Limits)
        {
            if (scope(chat) is { } key)
            {
                Times(name + "|" + key).Add(now);
            }
        }

        return null;
    }

    private List<DateTime> Times(string key)
    {
        if (!sent.TryGetValue(key, out var times))
        {
            times = [];
            sent[key] = times;
        }

        return times;
    }
}
