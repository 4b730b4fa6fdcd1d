using BulletinBot.Core.Commands;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Delivers due outbox rows through each platform's <see cref="IChatChannel"/>, oldest first and one
/// message per target at a time, under the platform's limits. A row is marked delivered only after
/// the platform said yes; "later" postpones it with back-off, "never" disables its target, and no
/// row is ever dropped.
/// </summary>
public sealed class AnnouncementDispatcher(
    Outbox outbox,
    TargetStore targets,
    BulletinStore store,
    IEnumerable<IChatChannel> channels,
    DeliveryLimiter limiter,
    IOptions<AnnouncementOptions> options,
    TimeProvider time,
    ILogger<AnnouncementDispatcher> logger)
{
    /// <summary>The most items one digest message carries; more wait for the next one.</summary>
    public const int MaxDigestItems = 20;

    private const int MaxRowsPerRound = 20_000;
    private const int MaxParallelSends = 8;

    /// <summary>A permit this close is waited for within the round; a later one ends the target's turn.</summary>
    private static readonly TimeSpan MaxWaitInRound = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, IChatChannel> _channels = channels.ToDictionary(c => c.Platform.ToLowerInvariant(), StringComparer.Ordinal);
    private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);

    /// <summary>The platforms a message can be delivered to here.</summary>
    public IReadOnlyCollection<string> Platforms => _channels.Keys;

    /// <summary>
    /// One round: every target with a due row gets its oldest row (or digest) sent once. Returns how
    /// many messages went out and how long until the next row or permit is due.
    /// </summary>
    public async Task<DispatchRound> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byKey = targets.All().ToDictionary(t => t.Key, StringComparer.Ordinal);
        var turns = new List<(AnnouncementTarget Target, IChatChannel Channel, List<OutboxRow> Rows, TimeSpan Wait)>();
        TimeSpan? wake = null;
        foreach (var group in outbox.Pending(MaxRowsPerRound).GroupBy(r => r.TargetKey, StringComparer.Ordinal))
        {
            if (!byKey.TryGetValue(group.Key, out var target) || target.Disabled)
            {
                continue;
            }

            if (!_channels.TryGetValue(target.Destination.Platform, out var channel))
            {
                if (_reportedMissing.Add(target.Destination.Platform))
                {
                    logger.LogWarning("Announcements to {Platform} wait: that platform is not running (is its token set?)", target.Destination.Platform);
                }

                continue;
            }

            var rows = group.ToList();
            if (rows[0].Due > now)
            {
                wake = Earlier(wake, rows[0].Due - now);
                continue;
            }

            // A target whose own permit is far off waits for a later round; the others go first when they are ready first.
            var wait = limiter.WaitFor(target.Destination);
            if (wait > MaxWaitInRound)
            {
                wake = Earlier(wake, wait);
                continue;
            }

            turns.Add((target, channel, rows, wait));
        }

        turns.Sort((a, b) => a.Wait.CompareTo(b.Wait));

        var sent = 0;
        var waits = new List<TimeSpan>();
        await Parallel.ForEachAsync(
            turns,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = cancellationToken },
            async (turn, token) =>
            {
                var wait = await TakeTurnAsync(turn.Target, turn.Channel, turn.Rows, token);
                lock (waits)
                {
                    if (wait is { } later)
                    {
                        waits.Add(later);
                    }
                    else
                    {
                        sent++;
                    }
                }
            });

        foreach (var wait in waits)
        {
            wake = Earlier(wake, wait);
        }

        return new DispatchRound(sent, wake);
    }

    /// <summary>Sends the target's next message; returns null when it was sent, or how long until its permit.</summary>
    private async Task<TimeSpan?> TakeTurnAsync(AnnouncementTarget target, IChatChannel channel, List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        // The message is chosen (and its rows marked) before the permit is taken, so no store write sits between the two.
        var (batch, key) = NextMessage(rows);
        TimeSpan wait;
        while (!limiter.TryAcquire(target.Destination, out wait))
        {
            if (wait > MaxWaitInRound)
            {
                return wait;
            }

            await Task.Delay(wait, time, cancellationToken);
        }

        await SendAsync(target, channel, batch, key, cancellationToken);
        return null;
    }

    /// <summary>The target's oldest row alone, or a digest when too many wait; a digest begun before is sent again as it was.</summary>
    private (IReadOnlyList<OutboxRow> Rows, string Key) NextMessage(List<OutboxRow> rows)
    {
        if (rows[0].Batch is { } batch)
        {
            return (rows.Where(r => r.Batch == batch).ToList(), batch);
        }

        if (rows.Count > options.Value.DigestThreshold)
        {
            var digest = rows.Where(r => r.Batch is null).Take(MaxDigestItems).ToList();
            return (digest, outbox.AssignBatch(digest));
        }

        // Marked before it is sent: after a crash mid-send it goes out again alone with the same key, never inside a digest.
        return ([rows[0]], outbox.KeepAlone(rows[0]));
    }

    private async Task SendAsync(AnnouncementTarget target, IChatChannel channel, IReadOnlyList<OutboxRow> rows, string key, CancellationToken cancellationToken)
    {
        var items = rows.Select(r => store.Get(r.BulletinId)).OfType<Bulletins.Bulletin>().Select(CommandHandler.Item).ToList();
        if (items.Count == 0)
        {
            // The store never deletes, so this is a row written by a newer or broken build: nothing can be sent for it.
            logger.LogWarning("Outbox rows {First}..{Last} for {Target} name no stored item; marked done", rows[0].Number, rows[^1].Number, target.Key);
            outbox.MarkDelivered(rows, targets, null, time.GetUtcNow());
            return;
        }

        DeliveryResult result;
        try
        {
            result = await channel.SendAsync(new Delivery(target.Destination, key, items), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = new RetryLater(null, exception.Message);
        }

        switch (result)
        {
            case Delivered delivered:
                outbox.MarkDelivered(rows, targets, delivered.MessageId, time.GetUtcNow());
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

    /// <summary>Exponential back-off with jitter, never sooner than the platform asked.</summary>
    public TimeSpan RetryDelay(int attempt, TimeSpan? after)
    {
        var max = options.Value.MaxRetryDelay;
        var exponential = TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, Math.Pow(2, Math.Min(attempt - 1, 30))));
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() / 2));
        return after is { } asked && asked > jittered ? asked + (jittered / 10) : jittered;
    }

    private static TimeSpan Earlier(TimeSpan? current, TimeSpan candidate) =>
        current is { } value && value <= candidate ? value : candidate;
}

/// <summary>What one dispatch round did: messages sent, and when the next row or permit is due (null when none waits).</summary>
public sealed record DispatchRound(int Sent, TimeSpan? NextDue);
