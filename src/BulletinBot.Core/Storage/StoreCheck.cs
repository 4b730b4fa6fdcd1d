namespace BulletinBot.Core.Storage;

/// <summary>
/// Reads a whole store to tell whether it is damaged: every page without LiteDB (<see cref="LiteDocumentScan"/>), then
/// every record through it. Counting alone reads only the index, and damage in a data page would go unseen.
/// </summary>
public static class StoreCheck
{
    /// <summary>The number of items; throws <see cref="StoreDamagedException"/> when any page or record cannot be read.</summary>
    public static int ReadAll(BulletinDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var path = database.FilePath;
        try
        {
            if (path is not null)
            {
                using var file = LitePageFile.Open(path, StoreRecovery.LogOf(path));
                var scan = new LiteDocumentScan(file);
                var altered = 0;
                foreach (var scanned in scan.Documents())
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // A flipped byte in an item's text still decodes; its hash tells.
                    if (!scanned.Fallback && string.Equals(scanned.Collection, BulletinDatabase.Bulletins, StringComparison.OrdinalIgnoreCase)
                        && BulletinChecksum.Verified(scanned.Document) is null)
                    {
                        altered++;
                    }
                }

                if (scan.UnreadableDocuments + scan.UnreadablePages + altered > 0)
                {
                    throw new StoreDamagedException(StoreDamage.Message(
                        path, $"{scan.UnreadableDocuments + altered} record(s) and {scan.UnreadablePages} page(s) cannot be read"));
                }
            }

            var items = 0;
            foreach (var name in database.Database.GetCollectionNames().ToList())
            {
                var collection = database.Database.GetCollection(name);
                var counted = collection.Count();
                var read = 0;
                foreach (var _ in collection.FindAll())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    read++;
                }

                if (read != counted)
                {
                    throw new StoreDamagedException(StoreDamage.Message(path, $"{name} lists {counted} record(s) and {read} can be read"));
                }

                items += string.Equals(name, BulletinDatabase.Bulletins, StringComparison.OrdinalIgnoreCase) ? read : 0;
            }

            return items;
        }
        catch (Exception exception) when (StoreDamage.Classify(exception, path) is { } damage && damage != exception)
        {
            throw damage;
        }
    }
}
