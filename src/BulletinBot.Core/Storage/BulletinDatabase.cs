using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The one <see cref="LiteDatabase"/> of the process, with the schema this code expects.
/// LiteDB allows a single writer per file, so every component shares this instance.
/// </summary>
public sealed class BulletinDatabase : IDisposable
{
    /// <summary>Bumped whenever collections or indexes change shape; recorded in the file's user version.</summary>
    public const int SchemaVersion = 1;

    internal const string Bulletins = "bulletins";
    internal const string Sources = "sources";
    internal const string Continuations = "continuations";

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

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        try
        {
            return new BulletinDatabase(new LiteDatabase(new ConnectionString
            {
                Filename = path,
                Connection = ConnectionType.Direct,
            }));
        }
        catch (LiteException exception)
        {
            throw new InvalidOperationException(
                $"The store at {path} cannot be opened: {exception.Message} (set Storage:Path to another file, or restore a backup).",
                exception);
        }
    }

    public static BulletinDatabase InMemory() => new(new LiteDatabase(new MemoryStream()));

    private void Migrate()
    {
        var version = Database.UserVersion;
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The store was written by a newer BulletinBot (schema {version}; this build knows {SchemaVersion}).");
        }

        var bulletins = Database.GetCollection(Bulletins);
        bulletins.EnsureIndex("day", "$.day");
        var continuations = Database.GetCollection(Continuations);
        continuations.EnsureIndex("expires", "$.expires");

        if (version != SchemaVersion)
        {
            Database.UserVersion = SchemaVersion;
        }
    }

    public void Dispose() => Database.Dispose();
}
