using BulletinBot.Core.Replicas;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Reads every source at start (unless the host already did) and again at each rescan interval, for
/// as long as the bot runs. A failing source is logged and tried again at the next round; it never
/// stops the bot or the other sources. While the disk is full a round waits, with back-off, and the chat goes on
/// answering from what is stored; a write that failed on a full disk anyway stops the host (see <see cref="DiskSpace"/>).
/// Among replicas only the leader reads the sources (<see cref="Leadership"/>); a replica that takes over reads them at once.
/// </summary>
public sealed class IngestionService(
    Ingestor ingestor,
    IEnumerable<IBulletinSource> sources,
    IOptions<IngestionOptions> options,
    IngestionSchedule schedule,
    IngestionRounds rounds,
    SourceStatusBoard board,
    TimeProvider time,
    ILogger<IngestionService> logger,
    DiskSpace? disk = null,
    IHostApplicationLifetime? lifetime = null,
    Leadership? leadership = null) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    private volatile bool _unsettled;
    private volatile string? _paused;

    /// <summary>Why ingestion waits (the disk is full), or null while it runs.</summary>
    public string? Paused => _paused;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (leadership is null)
        {
            return RoundsAsync(schedule.IngestAtStart, stoppingToken);
        }

        var terms = 0;
        return leadership.EachTermAsync(term => RoundsAsync(terms++ > 0 || schedule.IngestAtStart, term), stoppingToken);
    }

    private async Task RoundsAsync(bool ingestAtStart, CancellationToken stoppingToken)
    {
        // The shortest wish of any source (a feed read every minute) sets the pace; each source says whether it is due.
        var interval = sources.Select(s => s.Interval).OfType<TimeSpan>().Append(options.Value.RescanInterval).Min();
        try
        {
            if (ingestAtStart && !await IngestWhenRoomAsync(interval, stoppingToken))
            {
                return;
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
                if (!await IngestWhenRoomAsync(interval, stoppingToken))
                {
                    return;
                }
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

    /// <summary>
    /// One round once the disk has room, waiting with back-off while it has not; false when a write failed on a full
    /// disk, after which this process cannot use its store and the host is stopped.
    /// </summary>
    private async Task<bool> IngestWhenRoomAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        var pause = FirstPause;
        while (disk?.Shortage() is { } shortage)
        {
            if (_paused is null)
            {
                logger.LogWarning("Ingestion paused: {Shortage}; the chat answers from what is stored; tried again with back-off", shortage);
            }

            _paused = shortage;
            await Task.Delay(pause, time, stoppingToken);
            pause = Min(pause * 2, Min(interval, LongestPause));
        }

        if (_paused is not null)
        {
            _paused = null;
            logger.LogInformation("Ingestion resumes: the disk has room again");
        }

        await IngestAllAsync(stoppingToken);
        if (disk?.Probe() is not { } fatal)
        {
            return true;
        }

        logger.LogCritical("Storage error: {Fatal} The bot stops", fatal);
        lifetime?.StopApplication();
        return false;
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
                if (DiskSpace.IsFull(exception))
                {
                    disk?.Failed();
                }

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
