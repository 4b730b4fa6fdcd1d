using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Delivers outbox rows through each platform's <see cref="IChatChannel"/>, oldest first and one
/// message per target at a time, under the platform's limits. Each target goes as soon as its own
/// oldest row is due and its own permit is free; none waits for a round of the others. A row is
/// marked delivered only after the platform said yes; "later" postpones it with back-off, "never"
/// disables its target, and no row is ever dropped.
/// </summary>
public sealed class AnnouncementDispatcher(
    IOutbox outbox,
    ITargetStore targets,
    IBulletinStore store,
    IEnumerable<IChatChannel> channels,
    DeliveryLimiter limiter,
    IOptions<AnnouncementOptions> options,
    TimeProvider time,
    ILogger<AnnouncementDispatcher> logger,
    IChatPreferences? preferences = null)
{
    /// <summary>The most items one digest message carries; more wait for the next one.</summary>
    public const int MaxDigestItems = 20;

    private readonly Dictionary<string, IChatChannel> _channels = channels.ToDictionary(c => c.Platform.ToLowerInvariant(), StringComparer.Ordinal);
    private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TaskCompletionSource _signal = NewSignal();
    private int _replan = 1;
    private DispatchPark _park = new(0, null, 0);
    private TaskCompletionSource<DispatchPark>? _parkWaiter;

    /// <summary>The platforms a message can be delivered to here.</summary>
    public IReadOnlyCollection<string> Platforms => _channels.Keys;

    /// <summary>Rows may have been queued or targets changed: the running <see cref="RunAsync"/> looks at every target again.</summary>
    public void Wake()
    {
        Volatile.Write(ref _replan, 1);
        Signal();
    }

    /// <summary>
    /// Delivers until cancelled: plans when each target may send next, starts each the moment its
    /// time comes, and plans its next message when the platform answered. <see cref="Wake"/> makes it
    /// look for new rows. Run one at a time, and not beside <see cref="DispatchDueAsync"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var schedule = NewSchedule();
        Volatile.Write(ref _replan, 1);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var signal = ArmSignal();
                TimeSpan? wait;
                try
                {
                    schedule.Settle();
                    if (Interlocked.Exchange(ref _replan, 0) == 1)
                    {
                        schedule.PlanAll();
                    }

                    wait = schedule.StartReady(cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    wait = options.Value.PollInterval;
                    Volatile.Write(ref _replan, 1);
                    logger.LogError(exception, "The announcement outbox failed; it looks again in {Delay}", wait);
                }

                if (signal.Task.IsCompleted || wait == TimeSpan.Zero)
                {
                    continue;
                }

                await WaitAsync(signal, wait, schedule.InFlight, cancellationToken);
            }
        }
        finally
        {
            await schedule.DrainAsync();
        }
    }

    /// <summary>
    /// One pass, for a caller that drives the clock itself: every target whose oldest row is due and
    /// whose permit is free now sends its next message, and the pass waits for the answers. Returns
    /// how many messages went out and how long until the next row or permit is due.
    /// </summary>
    public async Task<DispatchRound> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var schedule = NewSchedule();
        schedule.PlanAll();
        schedule.StartReady(cancellationToken);
        await schedule.DrainAsync();
        schedule.Settle();
        return new DispatchRound(schedule.Sent, schedule.NextDue());
    }

    /// <summary>
    /// The first time <see cref="RunAsync"/> waits after <paramref name="generation"/>: how long it means
    /// to wait (null: until woken) and how many sends are on their way. Lets a test move a fake clock
    /// only while the loop waits.
    /// </summary>
    internal Task<DispatchPark> ParkedAfterAsync(long generation)
    {
        lock (_gate)
        {
            if (_park.Generation > generation)
            {
                return Task.FromResult(_park);
            }

            _parkWaiter ??= new TaskCompletionSource<DispatchPark>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _parkWaiter.Task;
        }
    }

    private DispatchSchedule NewSchedule() =>
        new(outbox, targets, limiter, ChannelFor, SendNextAsync, Signal, time, logger);

    private TaskCompletionSource ArmSignal()
    {
        var signal = NewSignal();
        Volatile.Write(ref _signal, signal);
        return signal;
    }

    private void Signal() => Volatile.Read(ref _signal).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Parked(TimeSpan? wait, int inFlight)
    {
        TaskCompletionSource<DispatchPark>? waiter;
        DispatchPark park;
        lock (_gate)
        {
            park = _park = new DispatchPark(_park.Generation + 1, wait, inFlight);
            waiter = _parkWaiter;
            _parkWaiter = null;
        }

        waiter?.TrySetResult(park);
    }

    /// <summary>Waits for <paramref name="wait"/> (null: for ever) or the signal, whichever comes first.</summary>
    private async Task WaitAsync(TaskCompletionSource signal, TimeSpan? wait, int inFlight, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = wait is { } delay ? Task.Delay(delay, time, timer.Token) : Task.Delay(Timeout.InfiniteTimeSpan, timer.Token);

        // Said only once the timer runs on the clock, so a test that moves its fake clock now wakes it.
        Parked(wait, inFlight);
        await Task.WhenAny(signal.Task, sleep);
        await timer.CancelAsync();
    }

    private IChatChannel? ChannelFor(string platform)
    {
        if (_channels.TryGetValue(platform, out var channel))
        {
            return channel;
        }

        lock (_reportedMissing)
        {
            if (_reportedMissing.Add(platform))
            {
                logger.LogWarning("Announcements to {Platform} wait: that platform is not running (is its token set?)", platform);
            }
        }

        return null;
    }

    /// <summary>
    /// Sends the target's next message once <paramref name="takePermit"/> grants it, and records the
    /// answer; returns whether a message went to the platform.
    /// </summary>
    private async Task<bool> SendNextAsync(AnnouncementTarget target, IChatChannel channel, Func<bool> takePermit, CancellationToken cancellationToken)
    {
        // Enough rows to see whether a digest is due, and all of a digest begun before.
        var rows = outbox.Head(target.Key, Math.Max(options.Value.DigestThreshold + 1, MaxDigestItems)).ToList();
        if (rows.Count == 0)
        {
            return false;
        }

        var (batch, key) = NextMessage(rows, cancellationToken);
        var items = batch.Select(r => store.Get(r.BulletinId)).OfType<Bulletin>().Select(BulletinItem.Of).ToList();
        if (items.Count == 0)
        {
            // The store never deletes, so this is a row written by a newer or broken build: nothing can be sent for it.
            logger.LogWarning("Outbox rows {First}..{Last} for {Target} name no stored item; marked done", batch[0].Number, batch[^1].Number, target.Key);
            outbox.MarkDelivered(batch, null, time.GetUtcNow(), cancellationToken);
            return false;
        }

        if (!takePermit())
        {
            return false;
        }

        await SendAsync(target, channel, batch, key, items, cancellationToken);
        return true;
    }

    /// <summary>The target's oldest row alone, or a digest when too many wait; a digest begun before is sent again as it was.</summary>
    private (IReadOnlyList<OutboxRow> Rows, string Key) NextMessage(List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        if (rows[0].Batch is { } batch)
        {
            return (rows[0].BatchSize is { } size ? rows.Take(size).ToList() : rows.Where(r => r.Batch == batch).ToList(), batch);
        }

        if (rows.Count > options.Value.DigestThreshold)
        {
            var digest = rows.Where(r => r.Batch is null).Take(MaxDigestItems).ToList();
            return (digest, outbox.AssignBatch(digest, cancellationToken));
        }

        // Marked before it is sent: after a crash mid-send it goes out again alone with the same key, never inside a digest.
        return ([rows[0]], outbox.KeepAlone(rows[0], cancellationToken));
    }

    private async Task SendAsync(AnnouncementTarget target, IChatChannel channel, IReadOnlyList<OutboxRow> rows, string key, List<BulletinItem> items, CancellationToken cancellationToken)
    {
        DeliveryResult result;
        try
        {
            result = await channel.SendAsync(new Delivery(target.Destination, key, items, LanguageOf(target)), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = new RetryLater(null, exception.Message);
        }

        switch (result)
        {
            case Delivered delivered:
                // The platform has it: the mark is written even at shutdown, or the restart sends it again.
                outbox.MarkDelivered(rows, delivered.MessageId, time.GetUtcNow(), CancellationToken.None);
                logger.LogInformation("Announced {Count} item(s) to {Target} ({Key})", items.Count, target.Key, key);
                break;
            case Refused refused:
                targets.Disable(target.Key, refused.Reason);
                logger.LogError(
                    "Announcement target {Target} ({Platform} chat {Chat}) is disabled: {Reason}; its {Pending} pending row(s) are kept",
                    target.Key, target.Destination.Platform, target.Destination.ChatId, refused.Reason, outbox.Counts(target.Key).Pending);
                break;
            case RetryLater later:
                var delay = RetryDelay(rows[0].Attempts + 1, later.After);
                outbox.Postpone(rows, time.GetUtcNow() + delay, later.Reason);
                logger.LogWarning("Announcing to {Target} failed for now ({Reason}); try {Attempt} in {Delay}", target.Key, later.Reason, rows[0].Attempts + 2, delay);
                break;
        }
    }

    /// <summary>
    /// The language a target reads: a configured one's setting; a subscription's chat's own choice (the language
    /// command), else the language it subscribed in. Read at each send, so a chat that changes its language gets the
    /// next announcement in the new one.
    /// </summary>
    private string LanguageOf(AnnouncementTarget target)
    {
        if (target.Origin == TargetOrigin.Configured)
        {
            var configured = options.Value.Targets.FirstOrDefault(t => AnnouncementTarget.ConfiguredKey(t.Destination) == target.Key);
            return Languages.Of(configured?.Language);
        }

        var chosen = preferences?.LanguageOf(new Chats.ChatContext(target.Destination.Platform, target.Destination.ChatId).Key);
        return Languages.Find(chosen) ?? Languages.Of(target.Language);
    }

    /// <summary>Exponential back-off with jitter, never sooner than the platform asked.</summary>
    public TimeSpan RetryDelay(int attempt, TimeSpan? after)
    {
        var max = options.Value.MaxRetryDelay;
        var exponential = TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, Math.Pow(2, Math.Min(attempt - 1, 30))));
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() / 2));
        return after is { } asked && asked > jittered ? asked + (jittered / 10) : jittered;
    }
}

/// <summary>What one dispatch pass did: messages sent (whatever the answer), and when the next row or permit is due (null when none waits).</summary>
public sealed record DispatchRound(int Sent, TimeSpan? NextDue);

/// <summary>The dispatch loop waits: the <see cref="Generation"/>th time, for <see cref="Wait"/> (null: until woken), with sends on their way.</summary>
internal sealed record DispatchPark(long Generation, TimeSpan? Wait, int InFlight);
