using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Brings what can still be read of a damaged store into a new one: every readable item, and the
/// state of subscriptions, offsets and outbox (every collection but the ones rebuilt from the sources).
/// </summary>
public static class StoreRecovery
{
    private const int Batch = 500;

    /// <summary>Collections rebuilt rather than copied: items by upsert, the rest from the sources.</summary>
    private static readonly HashSet<string> Rebuilt = new(StringComparer.OrdinalIgnoreCase)
    {
        BulletinDatabase.Bulletins, BulletinDatabase.Sources, BulletinDatabase.Continuations, BulletinDatabase.Meta,

        // Copied, a page's validator would have its server answer "not modified" to the fetch that rebuilds its items.
        BulletinDatabase.Validators,
    };

    public static SalvageReport Salvage(string damagedPath, BulletinDatabase target, BulletinStore store)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(store);
        var report = new SalvageReport();
        IReadOnlyList<string> names;
        using (var damaged = Open(damagedPath))
        {
            try
            {
                names = damaged.GetCollectionNames().ToList();
            }
            catch (LiteException)
            {
                return report with { Unreadable = ["the collection list"] };
            }
        }

        var items = new List<Bulletins.Bulletin>();
        var salvaged = Copy(damagedPath, BulletinDatabase.Bulletins, document =>
        {
            items.Add(BulletinStore.FromDocument(document));
            if (items.Count == Batch)
            {
                store.UpsertBatch(items);
                items.Clear();
            }
        }, ref report);
        store.UpsertBatch(items);
        report = report with { Items = salvaged };

        foreach (var name in names.Where(n => !Rebuilt.Contains(n)))
        {
            var collection = target.Database.GetCollection(name);
            var copied = Copy(damagedPath, name, document => collection.Upsert(document), ref report);
            report = report with { Other = report.Other + copied };
        }

        // Change numbers start again in the new store; consumers must not announce the salvaged items twice.
        var checkpoints = target.Database.GetCollection(BulletinDatabase.Checkpoints);
        var last = store.LastSequence();
        foreach (var position in checkpoints.Find(Query.StartsWith("_id", "changes:")).ToList())
        {
            position["value"] = last;
            checkpoints.Update(position);
        }

        return report;
    }

    /// <summary>
    /// Each collection is read through an engine of its own: LiteDB gives up on a whole file once a damaged page fails
    /// one of its checks, and the damage of one collection must not cost the others.
    /// </summary>
    private static LiteDatabase Open(string damagedPath) =>
        new(new ConnectionString { Filename = damagedPath, Connection = ConnectionType.Direct, ReadOnly = true });

    private static int Copy(string damagedPath, string name, Action<BsonDocument> copy, ref SalvageReport report)
    {
        using var damaged = Open(damagedPath);
        var count = 0;
        try
        {
            foreach (var document in damaged.GetCollection(name).FindAll())
            {
                try
                {
                    copy(document);
                    count++;
                }
                catch (Exception exception) when (exception is LiteException or InvalidCastException or KeyNotFoundException or NullReferenceException)
                {
                    report = report with { Skipped = report.Skipped + 1 };
                }
            }
        }
        catch (LiteException)
        {
            report = report with { Unreadable = [.. report.Unreadable, name] };
        }

        return count;
    }
}

/// <summary>What a salvage brought over: items, other documents, documents skipped, collections that could not be read to the end.</summary>
public sealed record SalvageReport
{
    public int Items { get; init; }

    public int Other { get; init; }

    public int Skipped { get; init; }

    public IReadOnlyList<string> Unreadable { get; init; } = [];
}
