using BulletinBot.Core.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Runs the outbox while the bot runs: after the first ingestion round it sets up the configured
/// targets and the first run's backfill, then keeps the dispatcher delivering, and feeds new changes
/// into the outbox at each ingestion round and at its poll interval, waking the dispatcher to look.
/// </summary>
public sealed class AnnouncementService(
    OutboxFeeder feeder,
    AnnouncementDispatcher dispatcher,
    ITargetStore targets,
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
            var enabledAgain = targets.SyncConfigured(
                options.Value.Targets.Select(t => (t.Destination, (t.Filter ?? string.Empty).Trim())).ToList(),
                time.GetUtcNow());
            foreach (var target in enabledAgain)
            {
                logger.LogWarning(
                    "Announcement target {Target} ({Platform} chat {Chat}) was disabled ({Reason}); it is tried again on this start. Items stored while it was disabled are not sent to it",
                    target.Key, target.Destination.Platform, target.Destination.ChatId, target.DisabledReason);
            }

            feeder.StartOnce();
            logger.LogInformation("Announcements: {Targets} configured target(s), delivering to {Platforms}", options.Value.Targets.Count, string.Join(", ", dispatcher.Platforms.DefaultIfEmpty("no platform")));
            var delivering = dispatcher.RunAsync(stoppingToken);
            while (!delivering.IsCompleted)
            {
                Feed();
                var round = rounds.NextRound;
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(round, delivering, Task.Delay(options.Value.PollInterval, time, delay.Token));
                await delay.CancelAsync();
            }

            await delivering;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not confirmed stays pending for the next start.
        }
    }

    /// <summary>Writes the rows of new changes and has the dispatcher look; rows a subscription queued are found here too.</summary>
    private void Feed()
    {
        try
        {
            feeder.FeedPending();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "The announcement outbox could not read new changes; it tries again in {Delay}", options.Value.PollInterval);
        }

        dispatcher.Wake();
    }
}
