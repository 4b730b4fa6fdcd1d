using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Reads every source at start (unless the host already did) and again at each rescan interval, for
/// as long as the bot runs. A failing source is logged and tried again at the next round; it never
/// stops the bot or the other sources.
/// </summary>
public sealed class IngestionService(
    Ingestor ingestor,
    IEnumerable<IBulletinSource> sources,
    IOptions<IngestionOptions> options,
    IngestionSchedule schedule,
    IngestionRounds rounds,
    SourceStatusBoard board,
    TimeProvider time,
    ILogger<IngestionService> logger) : BackgroundService
{
    private volatile bool _unsettled;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The shortest wish of any source (a feed read every minute) sets the pace; each source says whether it is due.
        var interval = sources.Select(s => s.Interval).OfType<TimeSpan>().Append(options.Value.RescanInterval).Min();
        try
        {
            if (schedule.IngestAtStart)
            {
                await IngestAllAsync(stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    // A page left because it was still being written is looked at again once it may have settled.
                    var next = _unsettled ? Min(interval, options.Value.FileSettleTime + TimeSpan.FromMilliseconds(500)) : interval;
                    await Task.WhenAny(Task.Delay(next, time, wait.Token), rounds.Requested);
                    await wait.CancelAsync();
                }

                stoppingToken.ThrowIfCancellationRequested();
                await IngestAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception) when (Storage.StoreDamage.Classify(exception) is { } damage)
        {
            // The damage is not the sources' fault and no round mends it: said once, and the rounds stop.
            logger.LogError("Ingestion stopped: Storage error: {Damage}", damage.Message);
        }
    }

    /// <summary>When the last round over every source ended; null before the first.</summary>
    public DateTimeOffset? LastCompleted { get; private set; }

    /// <summary>One round over every source; the report of each is logged by the ingestor.</summary>
    public async Task<IngestReport> IngestAllAsync(CancellationToken cancellationToken)
    {
        rounds.Started();
        var total = new IngestReport();
        foreach (var source in sources)
        {
            if (!source.IsDue(time.GetUtcNow()))
            {
                continue;
            }

            try
            {
                var report = await ingestor.IngestAsync(source, cancellationToken);
                total = total with
                {
                    Pages = total.Pages + report.Pages,
                    Unchanged = total.Unchanged + report.Unchanged,
                    Failed = total.Failed + report.Failed,
                    Added = total.Added + report.Added,
                    Updated = total.Updated + report.Updated,
                };
                board.Succeeded(source.Name);
            }
            catch (SourceFailedException failure)
            {
                // The source says what happened and when it tries again: one line, without the HTTP client's stack trace.
                var status = board.Failed(source.Name, failure.Message);
                logger.LogWarning("Source {Source} {Failure} ({Failures} in a row)", source.Name, failure.Message, status.FailuresInARow);
                total = total with { Failed = total.Failed + 1 };
            }
            catch (Exception exception) when (exception is not OperationCanceledException && Storage.StoreDamage.Classify(exception) is null)
            {
                var status = board.Failed(source.Name, exception.Message);
                logger.LogError(exception, "Ingesting {Source} failed ({Failures} in a row); it is tried again later", source.Name, status.FailuresInARow);
                total = total with { Failed = total.Failed + 1 };
            }
        }

        LastCompleted = time.GetUtcNow();
        _unsettled = sources.OfType<SeedFolderSource>().Any(s => s.Unsettled > 0);
        rounds.Completed();
        return total;
    }
}

/// <summary>Whether the background service ingests at start, or the host did it already (the terminal chat shows its summary first).</summary>
public sealed record IngestionSchedule(bool IngestAtStart);
