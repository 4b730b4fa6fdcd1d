using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Replicas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Runs the outbox while the bot runs: after the first ingestion round it sets up the configured
/// targets and the first run's backfill, then keeps the dispatcher delivering, and feeds new changes
/// into the outbox at each ingestion round and at its poll interval, waking the dispatcher to look. Among replicas
/// only the leader does it (<see cref="Leadership"/>); its signal wakes it on rows another replica queued.
/// </summary>
public sealed class AnnouncementService(
    OutboxFeeder feeder,
    AnnouncementDispatcher dispatcher,
    ITargetStore targets,
    IngestionRounds rounds,
    IOptions<AnnouncementOptions> options,
    TimeProvider time,
    ILogger<AnnouncementService> logger,
    Leadership? leadership = null,
    IOutboxSignal? signal = null,
    DeliveryLimiter? limiter = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leadership is null ? AnnounceAsync(stoppingToken) : leadership.EachTermAsync(TermAsync, stoppingToken);

    /// <summary>A term as leader: the limits start as just used, since the leader before may have sent a moment ago.</summary>
    private Task TermAsync(CancellationToken term)
    {
        limiter?.HoldFromNow();
        return AnnounceAsync(term);
    }

    /// <summary>
    /// Delivers until <paramref name="stoppingToken"/> is cancelled (the host stops, or this replica's term as leader
    /// ends). A send on its way then is either confirmed and marked, or its row stays pending with its key, so the next
    /// leader sends it again under the same key (which Discord's nonce makes land once).
    /// </summary>
    private async Task AnnounceAsync(CancellationToken stoppingToken)
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
                // Rows or changes another process committed (a subscription on another replica, an ingest run on its own).
                var elsewhere = signal?.WaitAsync(options.Value.PollInterval, delay.Token) ?? Task.Delay(options.Value.PollInterval, time, delay.Token);
                await Task.WhenAny(round, delivering, elsewhere);
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
