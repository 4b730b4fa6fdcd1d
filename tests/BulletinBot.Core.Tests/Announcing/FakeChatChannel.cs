using BulletinBot.Core.Announcing;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>
/// A platform that enforces the documented limits on the fake clock (a message over a limit gets a
/// 429-style RetryLater and is counted) and can be told to answer otherwise.
/// </summary>
internal sealed class FakeChatChannel(string platform, FakeTimeProvider time) : IChatChannel
{
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, DeliveryTarget Target)> _accepted = [];

    public string Platform => platform;

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
            foreach (var limit in DeliveryLimiter.For(platform))
            {
                var inWindow = _accepted.Count(a => a.At > now - limit.Period && Shares(limit, a.Target, delivery.Target));
                if (inWindow >= limit.Permits && (limit.Scope != DeliveryLimitScope.Group || delivery.Target.ChatId.StartsWith('-')))
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

    private static bool Shares(DeliveryLimit limit, DeliveryTarget a, DeliveryTarget b) =>
        limit.Scope == DeliveryLimitScope.Platform || (a.ChatId == b.ChatId && a.ThreadId == b.ThreadId);
}
