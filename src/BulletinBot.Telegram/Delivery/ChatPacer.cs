using BulletinBot.Core.Announcing;

namespace BulletinBot.Telegram.Delivery;

/// <summary>
/// Spaces the messages sent to each chat to Telegram's per-chat limits (<see cref="TelegramLimits"/>): one a second,
/// and 20 a minute in a group or channel. Each caller reserves the next free moment of its chat, so two deliveries
/// to one chat at once never share a moment.
/// </summary>
internal sealed class ChatPacer(TimeProvider time, DeliveryLimits limits)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> next = new(StringComparer.Ordinal);

    public async Task WaitTurnAsync(string chatId, CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        var now = time.GetUtcNow();
        lock (gate)
        {
            slot = next.TryGetValue(chatId, out var free) && free > now ? free : now;
            next[chatId] = slot + Spacing(chatId);
            if (next.Count > 10_000)
            {
                // Chats whose moment has passed need no memory.
                foreach (var stale in next.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToList())
                {
                    next.Remove(stale);
                }
            }
        }

        if (slot > now)
        {
            await Task.Delay(slot - now, time, cancellationToken);
        }
    }

    /// <summary>
    /// A message reached the chat now, perhaps long after its moment (the client waited out a 429 and tried again):
    /// the chat's next moment counts from now.
    /// </summary>
    public void Sent(string chatId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var after = now + Spacing(chatId);
            if (!next.TryGetValue(chatId, out var free) || free < after)
            {
                next[chatId] = after;
            }
        }
    }

    /// <summary>
    /// The time between two messages to a chat: the strictest of its limits, each message a whole period over its
    /// permits apart, plus the same 10 ms of room as the dispatcher's limits for the time between here and Telegram.
    /// Each gap has its room, as the pacer counts from the moment a message was sent. 1010 ms in a private chat,
    /// 3010 ms in a group or channel.
    /// </summary>
    internal TimeSpan Spacing(string chatId) =>
        new[] { limits.PerChat, limits.IsGroup(chatId) ? limits.PerGroup : null }
            .OfType<DeliveryLimit>()
            .Select(limit => (limit.Period / limit.Permits) + DeliveryLimit.Room)
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();
}
