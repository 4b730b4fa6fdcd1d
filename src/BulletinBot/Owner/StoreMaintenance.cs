using System.Globalization;
using BulletinBot.Composition;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Terminal;

namespace BulletinBot.Owner;

/// <summary>The health and rebuild verbs.</summary>
internal static class StoreMaintenance
{
    /// <summary>
    /// Asks the running bot how it is; with no bot running, checks the store alone (every page and every record read)
    /// and says so (unhealthy). A path with no store stays without one; a damaged store is one line and exit 3.
    /// </summary>
    public static async Task<int> HealthAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await TerminalSession.ForwardAsync(configuration, new OwnerRequest("health"), output, error, cancellationToken) is { } forwarded)
        {
            return forwarded;
        }

        // The settings are checked first; the store is opened only once it is known to be there.
        await using var host = OneShotHost.Build(configuration, role: "health");
        host.Start();
        var path = CoreServiceCollectionExtensions.StorePath(host.Services);
        if (path != StorageOptions.InMemory && !File.Exists(path))
        {
            await output.WriteLineAsync($"store: none at {path} (a bot started with this Storage:Path creates it)");
            await output.WriteLineAsync("bot: not running on this store");
            return BotCli.NotUnderstood;
        }

        var count = StoreCheck.ReadAll(host.Services.GetRequiredService<BulletinDatabase>(), cancellationToken);
        await output.WriteLineAsync($"store: ok, {count} items");
        await output.WriteLineAsync("bot: not running on this store");
        return BotCli.NotUnderstood;
    }

    /// <summary>
    /// Moves the store aside (never deleting it), salvages what can be read into a new one, then reads the sources
    /// again. Subscriptions, offsets and the outbox come over where they can be read. When anything fails after the
    /// move, the old file goes back where it was.
    /// </summary>
    public static async Task<int> RebuildAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var path = CoreServiceCollectionExtensions.StorePath(configuration);
        if (path == StorageOptions.InMemory || !File.Exists(path))
        {
            await output.WriteLineAsync($"There is no store at {path} to rebuild; the next start creates one.");
            return BotCli.Ok;
        }

        var lease = StoreLock.TryAcquire(path, "rebuild")
            ?? throw new StorageException($"The store {path} is in use by {StoreLock.ReadOwner(path)?.Describe() ?? "another process"}. Stop it before a rebuild.");
        var aside = $"{path}.damaged-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var log = StoreRecovery.LogOf(path);
        var asideLog = aside + "-log";
        SalvageReport report;
        using (lease)
        {
            File.Move(path, aside);
            var logMoved = File.Exists(log);
            if (logMoved)
            {
                File.Move(log, asideLog);
            }

            try
            {
                await output.WriteLineAsync($"Moved the old store to {aside}.");

                // The search index beside the store is derived from it: the first search builds it anew.
                var index = BulletinSearch.IndexFolder(path);
                if (Directory.Exists(index))
                {
                    Directory.Delete(index, recursive: true);
                }

                using var database = BulletinDatabase.Open(path, lease);
                report = StoreRecovery.Salvage(aside, logMoved ? asideLog : null, database, new BulletinStore(database, TimeProvider.System), cancellationToken);
            }
            catch (Exception exception)
            {
                PutBack(path, aside, logMoved ? asideLog : null);
                var detail = exception.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
                throw new StorageException($"The rebuild failed ({detail}); the old store is back at {path}, as it was. Free the disk or fix what is named, then run rebuild again.", exception);
            }
        }

        await output.WriteLineAsync(Describe(report));
        try
        {
            await TerminalSession.IngestAsync(configuration, output, TextWriter.Null, cancellationToken);
        }
        finally
        {
            // Last, whatever the sources did: where the old file is, for a second try or for someone who knows LiteDB.
            await output.WriteLineAsync($"The damaged store is kept, never deleted, at {aside}{(File.Exists(asideLog) ? $" (its log at {asideLog})" : string.Empty)}.");
        }

        return BotCli.Ok;
    }

    private static string Describe(SalvageReport report)
    {
        var text = $"Kept {report.Items} item(s) and {report.Other} other record(s); {report.Unreadable} document(s) could not be read";
        if (report.UnreadablePages > 0)
        {
            text += $", and {report.UnreadablePages} page(s) were unreadable or missing";
        }

        if (report.NamesLost)
        {
            text += $"; the list of collections was unreadable, so items were told by their shape and {report.Unplaced} other record(s) were left out";
        }

        return text + ".";
    }

    /// <summary>Undoes a rebuild that failed after the move: the new store goes, the old file and its log come back.</summary>
    private static void PutBack(string path, string aside, string? asideLog)
    {
        var log = StoreRecovery.LogOf(path);
        foreach (var created in new[] { path, log })
        {
            if (File.Exists(created))
            {
                File.Delete(created);
            }
        }

        File.Move(aside, path);
        if (asideLog is not null && File.Exists(asideLog) && !Directory.Exists(log))
        {
            File.Move(asideLog, log);
        }
    }
}
