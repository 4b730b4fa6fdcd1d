using BulletinBot.Core.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Runs the outbox while the bot runs: after the first ingestion round it sets up the configured
/// targets and the first run's backfill, then feeds new changes into the outbox and dispatches due
/// rows, waking at each ingestion round, at the next due row or at its poll interval.
/// </summary>
public sealed class AnnouncementService(
    OutboxFeeder feeder,
    AnnouncementDispatcher dispatcher,
    TargetStore targets,
    IngestionRounds rounds,
    IOptions<AnnouncementOptions> options,
    TimeProvider time,
    ILogger<AnnouncementService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await rounds.FirstRound.WaitAsync(stoppingToken);
            targets.SyncConfigured(
                options.Value.Targets.Select(t => (new DeliveryTarget(t.Platform.ToLowerInvariant(), t.ChatId, string.IsNullOrWhiteSpace(t.ThreadId) ? null : t.ThreadId), (t.Filter ?? string.Empty).Trim())).ToList(),
                time.GetUtcNow());
            feeder.StartOnce();
            logger.LogInformation("Announcements: {Targets} configured target(s), delivering to {Platforms}", options.Value.Targets.Count, string.Join(", ", dispatcher.Platforms.DefaultIfEmpty("no platform")));
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = await RunOnceAsync(stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    var round = rounds.NextRound;
                    using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    await Task.WhenAny(round, Task.Delay(wait, time, delay.Token));
                    await delay.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not confirmed stays pending for the next start.
        }
    }

    /// <summary>Feeds and dispatches once; returns how long to wait before the next time.</summary>
    private async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.PollInterval;
        try
        {
            feeder.FeedPending();
            var round = await dispatcher.DispatchDueAsync(stoppingToken);
            if (round.Sent > 0)
            {
                return TimeSpan.Zero;
            }

            return round.NextDue is { } due && due < poll ? due : poll;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "The announcement outbox failed; it tries again in {Delay}", poll);
            return poll;
        }
    }
}
