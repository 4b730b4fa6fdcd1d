using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The one <see cref="LiteDatabase"/> of the process, with the schema this code expects.
/// LiteDB allows a single writer per file, so every component shares this instance.
/// </summary>
public sealed class BulletinDatabase : IDisposable
{
    /// <summary>Bumped whenever collections or indexes change shape; recorded in the file's user version.</summary>
    public const int SchemaVersion = 2;

    internal const string Bulletins = "bulletins";
    internal const string Sources = "sources";
    internal const string Continuations = "continuations";
    internal const string Meta = "meta";
    internal const string Checkpoints = "checkpoints";

    private BulletinDatabase(LiteDatabase database)
    {
        Database = database;
        Migrate();
    }

    public LiteDatabase Database { get; }

    public static BulletinDatabase Open(string path)
    {
        if (path == StorageOptions.InMemory)
        {
            return InMemory();
        }

        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            return new BulletinDatabase(new LiteDatabase(new ConnectionString
            {
                Filename = path,
                Connection = ConnectionType.Direct,
            }));
        }
        catch (Exception exception) when (exception is LiteException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StorageException(
                $"The store {path} cannot be opened: {OneLine(exception.Message)} Set Storage:Path to a file this user may write, or restore a backup.",
                exception);
        }
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.EndsWith('.') ? line : line + ".";
    }

    public static BulletinDatabase InMemory() => new(new LiteDatabase(new MemoryStream()));

    private void Migrate()
    {
        var version = Database.UserVersion;
        if (version > SchemaVersion)
        {
            Database.Dispose();
            throw new StorageException(
                $"The store was written by a newer BulletinBot (schema {version}; this build knows {SchemaVersion}). Upgrade BulletinBot, or set Storage:Path to another file.");
        }

        if (version == SchemaVersion)
        {
            // Indexes are created once, with the version; checking them at every open costs a cold start.
            return;
        }

        var bulletins = Database.GetCollection(Bulletins);
        if (version == 1)
        {
            BulletinStore.MigrateToSequences(Database);
        }

        bulletins.EnsureIndex("day", "$.day");
        bulletins.EnsureIndex("sort", "$.sort", unique: true);
        bulletins.EnsureIndex("seq", "$.seq");
        Database.GetCollection(Continuations).EnsureIndex("expires", "$.expires");
        Database.UserVersion = SchemaVersion;
    }

    public void Dispose() => Database.Dispose();
}
