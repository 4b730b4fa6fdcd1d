using System.Globalization;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The room left on the disk that holds the store. LiteDB 5.0.20 gives up on its store for good once a write has
/// failed (every later read and write throws the same error), so ingestion looks here before it writes and waits
/// while too little is left; a write that failed on a full disk anyway is recorded as <see cref="Fatal"/>, and the host
/// stops with it.
/// </summary>
public sealed class DiskSpace(BulletinDatabase database, long reserveBytes)
{
    /// <summary>What ingestion leaves free when no Storage:MinFreeMegabytes is set.</summary>
    public const int DefaultReserveMegabytes = 8;

    private string? _fatal;

    /// <summary>Why the store cannot be used any more (its last write failed on a full disk); null while it can.</summary>
    public string? Fatal => Volatile.Read(ref _fatal);

    /// <summary>Whether <paramref name="exception"/>, or one inside it, says the disk is full.</summary>
    public static bool IsFull(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            // ENOSPC (28) on Linux and macOS, ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
            if (current is IOException io && (io.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027)
                || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            if (current is AggregateException { InnerExceptions: var inner } && inner.Any(IsFull))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one line a user sees when the disk is full, with what to do.</summary>
    public static string FullMessage(string? storePath) =>
        $"the disk is full{(storePath is null ? string.Empty : $" (the store is {storePath})")}. Free space on it, then start again; nothing stored before is lost.";

    /// <summary>Why ingestion should not write now (too little room left), or null when it may.</summary>
    public string? Shortage()
    {
        if (database.FilePath is not { } path || reserveBytes <= 0)
        {
            return null;
        }

        long free;
        try
        {
            free = new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }

        return free >= reserveBytes
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"the disk is full: {free / 1024} KB free beside {path}, less than the {reserveBytes / (1024 * 1024)} MB kept in reserve");
    }

    /// <summary>
    /// Reads the store once: after a write failed on a full disk LiteDB answers every call with that failure, and then
    /// the store is recorded as lost to this process. Returns <see cref="Fatal"/>.
    /// </summary>
    public string? Probe()
    {
        try
        {
            _ = database.Database.GetCollection(BulletinDatabase.Meta).FindById("probe");
        }
        catch (Exception exception) when (IsFull(exception))
        {
            Failed();
        }

        return Fatal;
    }

    /// <summary>Records that a write failed on a full disk.</summary>
    public void Failed() => Interlocked.CompareExchange(ref _fatal, FullMessage(database.FilePath), null);
}
