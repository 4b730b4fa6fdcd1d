using System.Data.Common;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Whether an exception says the store could not be read or written (its file, LiteDB, the database server), as
/// against a request that was wrong: a caller that can ask to be asked again (an HTTP 503) does so for these.
/// </summary>
public static class StoreFailure
{
    public static bool Is(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or LiteException or DbException;
}
