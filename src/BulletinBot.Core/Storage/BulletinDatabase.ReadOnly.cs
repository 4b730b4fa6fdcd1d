using LiteDB;
using LiteDB.Engine;

namespace BulletinBot.Core.Storage;

/// <summary>A store opened for reading alone, for <c>ask</c> as a user who may not write it.</summary>
public sealed partial class BulletinDatabase
{
    /// <summary>
    /// Opens a store this user may read but not write (a read-only copy, a folder without write access) for
    /// reading alone: no lock can be taken beside it, and nothing is written, so ask can still answer from it.
    /// </summary>
    public static BulletinDatabase OpenReadOnly(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        LiteDatabase? database = null;
        try
        {
            EnsureOurs(path);
            var engine = new LiteEngine(new EngineSettings { Filename = path, ReadOnly = true });
            database = new LiteDatabase(engine);
            var opened = new BulletinDatabase(database, null, System.IO.Path.GetFullPath(path), readOnly: true) { _engine = engine, IsReadOnly = true };
            database = null;
            return opened;
        }
        catch (Exception exception) when (exception is LiteException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StorageException($"The store {path} cannot be read: {OneLine(exception.Message)} Give this user read access, or restore a backup.", exception);
        }
        finally
        {
            database?.Dispose();
        }
    }
}
