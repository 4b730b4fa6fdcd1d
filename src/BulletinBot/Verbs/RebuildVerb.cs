using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BulletinBot.Verbs;

/// <summary>rebuild: a damaged store moved aside (never deleted), and the archive rebuilt from what can be read of it and from the sources.</summary>
internal static class RebuildVerb
{
    public const string NotForPostgres =
        "Storage:Provider is Postgres: rebuild salvages a LiteDB store file; a PostgreSQL database is recovered with its own tools (pg_dump, point-in-time recovery).";

    /// <summary>
    /// Moves the store aside (never deleting it), salvages what can be read into a new one, then reads the sources
    /// again. Subscriptions, offsets and the outbox come over where they can be read. When anything fails after the
    /// move, the old file goes back where it was.
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        // Every setting is checked before anything is moved: the sources are read again at the end.
        StoreFiles files;
        await using (var check = OwnerClient.Compose(configuration, role: "rebuild"))
        {
            files = check.Services.GetService<StoreFiles>()
                ?? throw new OptionsValidationException("Storage:Provider", typeof(StorageOptions), [NotForPostgres]);
        }

        var path = files.Store;
        if (files.InMemory || !File.Exists(path))
        {
            await output.WriteLineAsync($"There is no store at {path} to rebuild; the next start creates one.");
            return ExitCodes.Ok;
        }

        var lease = StoreLock.TryAcquire(path, "rebuild")
            ?? throw new StorageException($"The store {path} is in use by {StoreLock.ReadOwner(path)?.Describe() ?? "another process"}. Stop it before a rebuild.");
        var aside = files.DamagedAside(DateTime.UtcNow);
        var asideLog = StoreFiles.DamagedLogOf(aside);
        SalvageReport report;
        using (lease)
        {
            File.Move(path, aside);
            var logMoved = File.Exists(files.Log);
            if (logMoved)
            {
                File.Move(files.Log, asideLog);
            }

            try
            {
                await output.WriteLineAsync($"Moved the old store to {aside}.");

                // The search index beside the store is derived from it: the first search builds it anew.
                if (Directory.Exists(files.IndexFolder))
                {
                    Directory.Delete(files.IndexFolder, recursive: true);
                }

                using var database = BulletinDatabase.Open(path, lease);
                report = StoreRecovery.Salvage(aside, logMoved ? asideLog : null, database, new BulletinStore(database, TimeProvider.System), cancellationToken);
            }
            catch (Exception exception)
            {
                PutBack(files, aside, logMoved ? asideLog : null);
                var detail = exception.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
                throw new StorageException($"The rebuild failed ({detail}); the old store is back at {path}, as it was. Free the disk or fix what is named, then run rebuild again.", exception);
            }
        }

        await output.WriteLineAsync(Describe(report));
        try
        {
            await IngestVerb.RunAsync(configuration, output, TextWriter.Null, cancellationToken);
        }
        finally
        {
            // Last, whatever the sources did: where the old file is, for a second try or for someone who knows LiteDB.
            await output.WriteLineAsync($"The damaged store is kept, never deleted, at {aside}{(File.Exists(asideLog) ? $" (its log at {asideLog})" : string.Empty)}.");
        }

        return ExitCodes.Ok;
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
    private static void PutBack(StoreFiles files, string aside, string? asideLog)
    {
        foreach (var created in new[] { files.Store, files.Log })
        {
            if (File.Exists(created))
            {
                File.Delete(created);
            }
        }

        File.Move(aside, files.Store);
        if (asideLog is not null && File.Exists(asideLog) && !Directory.Exists(files.Log))
        {
            File.Move(asideLog, files.Log);
        }
    }
}
