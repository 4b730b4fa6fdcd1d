using BulletinBot.Core.Announcing;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>
/// A platform that declares its limits and enforces them on the fake clock (a message over a limit gets a
/// 429-style RetryLater and is counted), and can be told to answer otherwise.
/// </summary>
internal sealed class FakeChatChannel(string platform, FakeTimeProvider time, DeliveryLimits limits) : IChatChannel
{
    /// <summary>Telegram's limits as its adapter declares them (Core cannot see the adapters): 30/s overall, 1/s per chat, 20/min per group or channel.</summary>
    public static DeliveryLimits TelegramLike { get; } = new(
        new("30 messages/s overall", 30, TimeSpan.FromSeconds(1)),
        new("1 message/s per chat", 1, TimeSpan.FromSeconds(1)),
        new("20 messages/min per group or channel", 20, TimeSpan.FromMinutes(1)))
    {
        IsGroup = chat => chat.StartsWith('-') || chat.StartsWith('@'),
    };

    /// <summary>Discord's limits as its adapter declares them: 50/s overall, 5 per 5 s per channel, a thread a channel of its own.</summary>
    public static DeliveryLimits DiscordLike { get; } = new(
        new("50 requests/s overall", 50, TimeSpan.FromSeconds(1)),
        new("5 messages per 5 s per channel", 5, TimeSpan.FromSeconds(5)))
    {
        ThreadIsChat = true,
    };

    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, DeliveryTarget Target)> _accepted = [];

    public string Platform => platform;

    public DeliveryLimits Limits => limits;

    /// <summary>Answers a delivery instead of accepting it, when it returns a result.</summary>
    public Func<Delivery, DeliveryResult?> Answer { get; set; } = _ => null;

    /// <summary>Holds a delivery until the task it returns completes, as a platform that is slow to answer.</summary>
    public Func<Delivery, Task>? Hold { get; set; }

    public List<Delivery> Delivered { get; } = [];

    public List<Delivery> Attempts { get; } = [];

    public int LimitViolations { get; private set; }

    public Task<DeliveryResult> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var hold = Hold?.Invoke(delivery);
        return hold is null || hold.IsCompleted ? Task.FromResult(Take(delivery)) : TakeAfterAsync(hold, delivery, cancellationToken);
    }

    private async Task<DeliveryResult> TakeAfterAsync(Task hold, Delivery delivery, CancellationToken cancellationToken)
    {
        await hold.WaitAsync(cancellationToken);
        return Take(delivery);
    }

    private DeliveryResult Take(Delivery delivery)
    {
        lock (_gate)
        {
            Attempts.Add(delivery);
            if (Answer(delivery) is { } answer)
            {
                return answer;
            }

            var now = time.GetUtcNow();
            foreach (var (limit, chat) in limits.For(delivery.Target))
            {
                var inWindow = _accepted.Count(a => a.At > now - limit.Period && (chat is null || limits.ChatOf(a.Target) == chat));
                if (inWindow >= limit.Permits)
                {
                    LimitViolations++;
                    return new RetryLater(TimeSpan.FromSeconds(1), $"429: over {limit.Name}");
                }
            }

            _accepted.Add((now, delivery.Target));
            Delivered.Add(delivery);
            return new Delivered($"m{Delivered.Count}");
        }
    }

    /// <summary>The items each chat received, in order, one entry per item (digests unrolled).</summary>
    public List<string> ItemsTo(string chatId)
    {
        lock (_gate)
        {
            return Delivered.Where(d => d.Target.ChatId == chatId).SelectMany(d => d.Items.Select(i => i.Title)).ToList();
        }
    }
}
