using System.Globalization;
using BulletinBot.Composition;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Terminal;

namespace BulletinBot.Owner;

/// <summary>The health and rebuild verbs.</summary>
internal static class StoreMaintenance
{
    /// <summary>Asks the running bot how it is; with no bot running, checks the store alone and says so (unhealthy).</summary>
    public static async Task<int> HealthAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await TerminalSession.ForwardAsync(configuration, new OwnerRequest("health"), output, error, cancellationToken) is { } forwarded)
        {
            return forwarded;
        }

        await using var host = OneShotHost.Build(configuration, role: "health");
        host.Start();
        var count = host.Services.GetRequiredService<BulletinStore>().Count();
        await output.WriteLineAsync($"store: ok, {count} items");
        await output.WriteLineAsync("bot: not running on this store");
        return BotCli.NotUnderstood;
    }

    /// <summary>
    /// Moves the store aside (never deleting it), salvages what can be read into a new one, then reads
    /// the sources again. Subscriptions, offsets and the outbox come over where they can be read.
    /// </summary>
    public static async Task<int> RebuildAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var path = CoreServiceCollectionExtensions.StorePath(configuration);
        if (path == StorageOptions.InMemory || !File.Exists(path))
        {
            await output.WriteLineAsync($"There is no store at {path} to rebuild; the next start creates one.");
            return BotCli.Ok;
        }

        using (var lease = StoreLock.TryAcquire(path, "rebuild")
            ?? throw new StorageException($"The store {path} is in use by {StoreLock.ReadOwner(path)?.Describe() ?? "another process"}. Stop it before a rebuild."))
        {
            var aside = $"{path}.damaged-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            File.Move(path, aside);
            MoveLog(path, aside);
            await output.WriteLineAsync($"Moved the old store to {aside}.");

            // The search index beside the store is derived from it: the first search builds it anew.
            var index = BulletinSearch.IndexFolder(path);
            if (Directory.Exists(index))
            {
                Directory.Delete(index, recursive: true);
            }

            using var database = BulletinDatabase.Open(path, lease);
            var store = new BulletinStore(database, TimeProvider.System);
            SalvageReport report;
            try
            {
                report = StoreRecovery.Salvage(aside, database, store);
            }
            catch (LiteDB.LiteException exception)
            {
                report = new SalvageReport { Unreadable = [$"the whole file ({exception.Message.ReplaceLineEndings(" ")})"] };
            }

            await output.WriteLineAsync(
                $"Salvaged {report.Items} item(s) and {report.Other} other record(s); {report.Skipped} unreadable record(s) skipped"
                + (report.Unreadable.Count > 0 ? $"; read only in part: {string.Join(", ", report.Unreadable)}." : "."));
        }

        return await TerminalSession.IngestAsync(configuration, output, TextWriter.Null, cancellationToken);
    }

    /// <summary>LiteDB keeps uncommitted pages in "name-log.ext" beside the file; it belongs with the file it logs.</summary>
    private static void MoveLog(string path, string aside)
    {
        var log = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-log{Path.GetExtension(path)}");
        if (File.Exists(log))
        {
            File.Move(log, aside + "-log");
        }
    }
}
