using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// When each target may send next: the later of its oldest row's due time and its own permit. One
/// dispatch run owns a schedule and is its only caller; sends in flight report back from other
/// threads only through a queue, which the run settles before it plans again.
/// </summary>
internal sealed class DispatchSchedule(
    IOutbox outbox,
    ITargetStore targets,
    DeliveryLimiter limiter,
    Func<string, IChatChannel?> channelFor,
    Func<AnnouncementTarget, IChatChannel, Func<bool>, CancellationToken, Task<bool>> sendNext,
    Action finished,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The most messages on their way at once, over every target.</summary>
    public const int MaxParallelSends = 8;

    private readonly Dictionary<string, Turn> _waiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _done = new();
    private readonly List<Task> _sends = [];
    private int _sent;

    /// <summary>Messages on their way now.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Messages handed to a platform since this schedule began, whatever the platform answered.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Plans every target again from the store; rows queued since the last look are found here.</summary>
    public void PlanAll()
    {
        _waiting.Clear();
        foreach (var target in targets.All())
        {
            if (!_inFlight.Contains(target.Key))
            {
                Plan(target);
            }
        }
    }

    /// <summary>Takes back the targets whose message came back, and plans their next one.</summary>
    public void Settle()
    {
        while (_done.TryDequeue(out var key))
        {
            _inFlight.Remove(key);
            if (targets.Get(key) is { } target)
            {
                Plan(target);
            }
        }

        _sends.RemoveAll(send => send.IsCompleted);
    }

    /// <summary>
    /// Starts every target whose time has come, earliest first, as far as the parallel sends allow.
    /// Returns how long until the next target's time; null when no target waits, or when every
    /// slot is taken and only a returning send can free one.
    /// </summary>
    public TimeSpan? StartReady(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Longest ready first: a target that lost a shared permit to another goes before it next time.
        foreach (var turn in _waiting.Values.Where(t => t.At <= now).OrderBy(t => t.Since).ToList())
        {
            if (_inFlight.Count >= MaxParallelSends)
            {
                return null;
            }

            // Another target may have taken a permit they share (the platform's overall one) since the plan.
            var wait = limiter.WaitFor(turn.Target.Destination);
            if (wait > TimeSpan.Zero)
            {
                _waiting[turn.Target.Key] = turn with { At = time.GetUtcNow() + wait };
                continue;
            }

            _waiting.Remove(turn.Target.Key);
            _inFlight.Add(turn.Target.Key);
            _sends.Add(SendAsync(turn, cancellationToken));
        }

        return NextDue();
    }

    /// <summary>How long until the earliest waiting target's time; null when none waits.</summary>
    public TimeSpan? NextDue()
    {
        if (_waiting.Count == 0)
        {
            return null;
        }

        // Whole milliseconds, rounded up: a timer rounds a shorter wait down to none, and the loop would spin until the permit.
        var wait = _waiting.Values.Min(t => t.At) - time.GetUtcNow();
        return wait > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)) : TimeSpan.Zero;
    }

    /// <summary>Waits for the messages on their way; each already says for itself how it went.</summary>
    public Task DrainAsync() => Task.WhenAll(_sends);

    private void Plan(AnnouncementTarget target)
    {
        _waiting.Remove(target.Key);
        if (target.Disabled || channelFor(target.Destination.Platform) is not { } channel)
        {
            return;
        }

        var head = outbox.Head(target.Key, 1);
        if (head.Count == 0)
        {
            return;
        }

        var permit = time.GetUtcNow() + limiter.WaitFor(target.Destination);
        var at = head[0].Due > permit ? head[0].Due : permit;
        _waiting[target.Key] = new Turn(target, channel, at, at);
    }

    private async Task SendAsync(Turn turn, CancellationToken cancellationToken)
    {
        try
        {
            // The permit is taken only once the message is ready, so the platform sees it as soon after as can be.
            var destination = turn.Target.Destination;
            if (await sendNext(turn.Target, turn.Channel, () => limiter.TryAcquire(destination, out _), cancellationToken))
            {
                Interlocked.Increment(ref _sent);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the row stays pending for the next start.
        }
        catch (Exception exception)
        {
            // The platform's answer is handled inside; this is the store failing. The row stays pending and is tried at the next permit.
            logger.LogError(exception, "Announcing to {Target} failed; its row stays pending", turn.Target.Key);
        }
        finally
        {
            _done.Enqueue(turn.Target.Key);
            finished();
        }
    }

    /// <summary>A target's next message: ready since <see cref="Since"/>, tried again at <see cref="At"/>.</summary>
    private sealed record Turn(AnnouncementTarget Target, IChatChannel Channel, DateTimeOffset Since, DateTimeOffset At);
}
