using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Brings a store's file to <see cref="BulletinDatabase.SchemaVersion"/> when it is opened for writing, or
/// refuses one of another version when it is opened for reading alone. The version is the file's user version.
/// </summary>
internal static class StoreMigration
{
    /// <summary>Migrates <paramref name="database"/> to the current schema; refuses a newer one and a file of another program.</summary>
    public static void Migrate(LiteDatabase database, IReadOnlySet<string> ourCollections)
    {
        var version = database.UserVersion;
        if (version > BulletinDatabase.SchemaVersion)
        {
            throw new StorageException(
                $"The store was written by a newer BulletinBot (schema {version}; this build knows {BulletinDatabase.SchemaVersion}). Upgrade BulletinBot, or set Storage:Path to another file.");
        }

        if (version == BulletinDatabase.SchemaVersion)
        {
            // Indexes are created once, with the version; checking them at every open costs a cold start.
            return;
        }

        if (version == 0 && database.GetCollectionNames().FirstOrDefault(n => !ourCollections.Contains(n)) is { } foreign)
        {
            throw new StorageException(
                $"The store is a LiteDB file of another program (it holds a collection \"{foreign}\"), so it was left untouched. Set Storage:Path to another file.");
        }

        var bulletins = database.GetCollection(BulletinDatabase.Bulletins);
        if (version == 1)
        {
            ToSequences(database);
        }

        if (version is 1 or 2)
        {
            ToOrigins(database);
        }

        if (version is > 0 and < 4)
        {
            // Schema 4: an item with a new id is screened against its source's items of its day by their sketches,
            // kept by source and day, which replace the index of items by source and day (made at schema 3).
            ItemSketches.Build(database, bulletins);
            bulletins.DropIndex("sourceDay");
        }

        if (version is > 0 and < 5)
        {
            // Schema 5: items are found and counted by date through their sort key, which orders them by day already;
            // the index of start days only cost every insert one more walk.
            bulletins.DropIndex("day");
        }

        // The items that run into a date range from before it are found by their end day (DateOverlap).
        bulletins.EnsureIndex("end", "$.end");

        bulletins.EnsureIndex("sort", "$.sort", unique: true);
        bulletins.EnsureIndex("seq", "$.seq");
        bulletins.EnsureIndex(BulletinStore.OriginField, "$." + BulletinStore.OriginField);
        database.GetCollection(BulletinDatabase.Continuations).EnsureIndex("expires", "$.expires");
        database.UserVersion = BulletinDatabase.SchemaVersion;
    }

    /// <summary>A store opened for reading alone cannot be migrated: one of another version is refused.</summary>
    public static void RefuseToMigrate(LiteDatabase database)
    {
        var version = database.UserVersion;
        if (version != BulletinDatabase.SchemaVersion)
        {
            throw new StorageException(version > BulletinDatabase.SchemaVersion
                ? $"The store was written by a newer BulletinBot (schema {version}; this build knows {BulletinDatabase.SchemaVersion}). Upgrade BulletinBot, or set Storage:Path to another file."
                : $"The store has schema {version}, and this build needs {BulletinDatabase.SchemaVersion}; it can only be read here. Run \"BulletinBot ingest\" once as a user who may write it, then ask again.");
        }
    }

    /// <summary>
    /// Schema 1 to 2: every item gets its sort key and a change number, in id order. No rollback on failure:
    /// it runs inside the open, and an open that fails is abandoned whole, its transaction with it.
    /// </summary>
    private static void ToSequences(LiteDatabase database)
    {
        var bulletins = database.GetCollection(BulletinDatabase.Bulletins);
        database.BeginTrans();
        long sequence = 0;
        foreach (var document in bulletins.FindAll().ToList())
        {
            var bulletin = BulletinStore.FromDocument(document);
            document["sort"] = BulletinStore.SortKey(bulletin);
            document["seq"] = ++sequence;
            bulletins.Update(document);
        }

        database.GetCollection(BulletinDatabase.Meta).Upsert(new BsonDocument { ["_id"] = BulletinStore.SequenceKey, ["value"] = sequence });
        database.Commit();
    }

    /// <summary>
    /// Schema 2 to 3: items record their source (<see cref="Bulletins.Bulletin.Origin"/>). An older item is given the
    /// one the store's source states make plain: the seeds folder for an item without a link (web sources link their
    /// items), else the one web source on its link's host. An item neither fits stays without, and learns its source
    /// when its page is next read.
    /// </summary>
    private static void ToOrigins(LiteDatabase database)
    {
        var names = database.GetCollection(BulletinDatabase.Sources).FindAll().Select(d => d["_id"].AsString).ToList();
        var seeds = names.Exists(n => n.StartsWith("seeds/", StringComparison.Ordinal)) ? "seeds" : null;
        var webByHost = names
            .Select(WebSourceOf)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .GroupBy(HostOf, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Key is not null && g.Count() == 1)
            .ToDictionary(g => g.Key!, g => g.Single(), StringComparer.OrdinalIgnoreCase);

        var bulletins = database.GetCollection(BulletinDatabase.Bulletins);
        database.BeginTrans();
        foreach (var document in bulletins.FindAll().ToList())
        {
            var origin = document["link"].IsString
                ? HostOf(document["link"].AsString) is { } host ? webByHost.GetValueOrDefault(host) : null
                : seeds;
            if (origin is not null)
            {
                document[BulletinStore.OriginField] = origin;
                bulletins.Update(document);
            }
        }

        database.Commit();
    }

    /// <summary>The web source a page's state belongs to: a web source's page is named by its URL, so its state is "url/url".</summary>
    internal static string? WebSourceOf(string state)
    {
        var half = (state.Length - 1) / 2;
        return state.Length % 2 == 1 && state[half] == '/' && string.CompareOrdinal(state, 0, state, half + 1, half) == 0 && HostOf(state[..half]) is not null
            ? state[..half]
            : null;
    }

    private static string? HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Host : null;
}
