using BulletinBot.Core.Replicas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Watches the seeds folder and asks for an ingestion round soon after a page is added or changed,
/// once it has had time to settle. Watchers miss events (a full buffer, a network share), so the
/// periodic rescan stays the safety net. Among replicas only the leader, which reads the sources, watches.
/// </summary>
public sealed class SeedFolderWatcher(
    IEnumerable<IBulletinSource> sources,
    IngestionRounds rounds,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<SeedFolderWatcher> logger,
    Leadership? leadership = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leadership is null ? WatchAsync(stoppingToken) : leadership.EachTermAsync(WatchAsync, stoppingToken);

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var folders = sources.OfType<SeedFolderSource>().Select(s => s.Folder).Where(Directory.Exists).ToList();
        var watchers = new List<FileSystemWatcher>();
        var changed = 0;
        try
        {
            foreach (var folder in folders)
            {
                var watcher = new FileSystemWatcher(folder, "*.txt")
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    IncludeSubdirectories = false,
                };
                watcher.Created += (_, _) => Interlocked.Exchange(ref changed, 1);
                watcher.Changed += (_, _) => Interlocked.Exchange(ref changed, 1);
                watcher.Renamed += (_, _) => Interlocked.Exchange(ref changed, 1);
                watcher.Error += (_, e) =>
                {
                    logger.LogWarning(e.GetException(), "Watching {Folder} missed events; the next rescan catches up", folder);
                    Interlocked.Exchange(ref changed, 1);
                };
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
                logger.LogInformation("Watching {Folder} for new and changed pages", folder);
            }

            if (watchers.Count == 0)
            {
                return;
            }

            // A page dropped after the first round read the folder but before the watcher was listening raised no
            // event: one more round now finds it, instead of the rescan minutes later. Unchanged pages cost a hash each.
            rounds.Request();

            // After a change, wait for the file to settle, then ask for a round; a file still being
            // written is skipped by the source and its next write event brings us back here.
            var settle = options.Value.FileSettleTime + TimeSpan.FromMilliseconds(500);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(settle, time, stoppingToken);
                if (Interlocked.Exchange(ref changed, 0) == 1)
                {
                    await Task.Delay(settle, time, stoppingToken);
                    rounds.Request();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            watchers.ForEach(w => w.Dispose());
        }
    }
}

/// <summary>Whether the seeds folder is watched (the running service), so a page still being written is left to settle.</summary>
public sealed record SeedFolderWatch(bool Enabled);
