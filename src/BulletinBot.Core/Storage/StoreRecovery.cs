using BulletinBot.Core.Bulletins;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Brings what can still be read of a damaged store into a new one: every item whose document is whole, and the state
/// of subscriptions, offsets and outbox (every collection but the ones rebuilt from the sources). The damaged file is
/// read page by page (<see cref="LiteDocumentScan"/>), never through LiteDB's engine, which throws on the first page
/// that makes no sense to it; whatever cannot be read is counted, never a reason to stop.
/// </summary>
public static class StoreRecovery
{
    private const int Batch = 500;

    /// <summary>Collections rebuilt rather than copied: items by upsert, the rest from the sources.</summary>
    private static readonly HashSet<string> Rebuilt = new(StringComparer.OrdinalIgnoreCase)
    {
        BulletinDatabase.Bulletins, BulletinDatabase.Sources, BulletinDatabase.Continuations, BulletinDatabase.Meta,

        // The items' sketches are written again as the items are.
        BulletinDatabase.Sketches,

        // Copied, a page's validator would have its server answer "not modified" to the fetch that rebuilds its items.
        BulletinDatabase.Validators,
    };

    /// <summary>The log LiteDB keeps beside a store file: "name-log.ext".</summary>
    public static string LogOf(string path) => StoreFiles.LogOf(path);

    /// <summary>
    /// Reads <paramref name="damagedPath"/> (with its log <paramref name="damagedLog"/>, when there is one) and writes what
    /// is whole into <paramref name="target"/>. Only a failure to write the new store throws.
    /// </summary>
    public static SalvageReport Salvage(string damagedPath, string? damagedLog, BulletinDatabase target, BulletinStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(store);
        using var file = LitePageFile.Open(damagedPath, damagedLog);
        var scan = new LiteDocumentScan(file);
        var items = new List<Bulletin>();
        var seenItems = new HashSet<string>(StringComparer.Ordinal);
        var seenOthers = new HashSet<(string, BsonValue)>();
        int kept = 0, other = 0, unreadable = 0, unplaced = 0;
        foreach (var scanned in scan.Documents())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var isItem = scanned.Collection is { } name
                ? string.Equals(name, BulletinDatabase.Bulletins, StringComparison.OrdinalIgnoreCase)
                : BulletinChecksum.LooksLikeItem(scanned.Document);
            if (isItem)
            {
                if (BulletinChecksum.Verified(scanned.Document) is not { } bulletin)
                {
                    unreadable += scanned.Fallback ? 0 : 1;
                }
                else if (seenItems.Add(bulletin.Id))
                {
                    items.Add(bulletin);
                    kept++;
                    if (items.Count == Batch)
                    {
                        store.UpsertBatch(items);
                        items.Clear();
                    }
                }

                continue;
            }

            if (scanned.Collection is null)
            {
                // Without the header's names, a record that is not an item cannot be put back where it belongs.
                unplaced += scanned.Fallback ? 0 : 1;
                continue;
            }

            if (Rebuilt.Contains(scanned.Collection) || !seenOthers.Add((scanned.Collection, scanned.Document["_id"])))
            {
                continue;
            }

            target.Database.GetCollection(scanned.Collection).Upsert(scanned.Document);
            other++;
        }

        store.UpsertBatch(items);

        // Change numbers start again in the new store; consumers must not announce the salvaged items twice.
        var checkpoints = target.Database.GetCollection(BulletinDatabase.Checkpoints);
        var last = store.LastSequence();
        foreach (var position in checkpoints.Find(Query.StartsWith("_id", "changes:")).ToList())
        {
            position["value"] = last;
            checkpoints.Update(position);
        }

        return new SalvageReport
        {
            Items = kept,
            Other = other,
            Unreadable = unreadable + scan.UnreadableDocuments,
            Unplaced = unplaced,
            UnreadablePages = scan.UnreadablePages,
            NamesLost = !scan.NamesKnown,
        };
    }
}

/// <summary>What a salvage brought over, and what it could not read.</summary>
public sealed record SalvageReport
{
    /// <summary>Items kept, each whole.</summary>
    public int Items { get; init; }

    /// <summary>Records of the other collections copied (subscriptions, offsets, outbox…).</summary>
    public int Other { get; init; }

    /// <summary>Documents that could not be read, or whose content did not match what it repeats.</summary>
    public int Unreadable { get; init; }

    /// <summary>Records that were readable but not items, found with the collections' names lost.</summary>
    public int Unplaced { get; init; }

    /// <summary>Pages zeroed, overwritten or cut off, whose documents are not counted one by one.</summary>
    public int UnreadablePages { get; init; }

    /// <summary>The header page with the collections' names could not be read.</summary>
    public bool NamesLost { get; init; }
}
