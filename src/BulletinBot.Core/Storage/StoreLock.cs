using System.Globalization;

namespace BulletinBot.Core.Storage;

/// <summary>
/// One process owns a store file: it holds an exclusive lock on "&lt;store&gt;.lock" for as long as it
/// has the store open, and writes who it is into "&lt;store&gt;.owner". The operating system releases
/// the lock when the process ends, even by kill -9, so a stale owner file never blocks anyone.
/// </summary>
public sealed class StoreLock : IDisposable
{
    private readonly FileStream _lock;

    private StoreLock(FileStream lockFile, string storePath, string role)
    {
        _lock = lockFile;
        StorePath = storePath;
        Role = role;
    }

    public string StorePath { get; }

    /// <summary>What the holder does with the store: bot, chat, ask, ingest, rebuild.</summary>
    public string Role { get; }

    public static string LockPath(string storePath) => new StoreFiles(storePath).Lock;

    public static string OwnerPath(string storePath) => new StoreFiles(storePath).Owner;

    /// <summary>Takes the store for this process, or returns null when another process holds it.</summary>
    public static StoreLock? TryAcquire(string storePath, string role)
    {
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            stream = OwnerOnlyFile.Open(LockPath(storePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(LockPath(storePath)))
        {
            return null;
        }

        var owner = new StoreOwner(Environment.ProcessId, role, DateTimeOffset.UtcNow);
        try
        {
            using var file = OwnerOnlyFile.Open(OwnerPath(storePath), FileMode.Create, FileAccess.Write, FileShare.Read);
            file.Write(System.Text.Encoding.UTF8.GetBytes(owner.ToLine()));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Who holds the store is only told to others; a full disk must not stop the holder itself.
        }

        return new StoreLock(stream, storePath, role);
    }

    /// <summary>Who holds the store, as its owner file says; null when it cannot be read.</summary>
    public static StoreOwner? ReadOwner(string storePath)
    {
        try
        {
            return StoreOwner.Parse(File.ReadAllText(OwnerPath(storePath)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(OwnerPath(StorePath));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The next owner overwrites it.
        }

        _lock.Dispose();
    }
}

/// <summary>The process that holds a store: its id, what it is doing (bot, chat, ask, ingest) and since when.</summary>
public sealed record StoreOwner(int ProcessId, string Role, DateTimeOffset Since)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"{ProcessId} {Role} {Since:O}");

    public static StoreOwner? Parse(string line)
    {
        var parts = (line ?? string.Empty).Trim().Split(' ');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since)
            ? new StoreOwner(pid, parts[1], since)
            : null;
    }

    /// <summary>"process 1234 (the chat, since 18:55 UTC)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"process {ProcessId} ({Role}, since {Since:yyyy-MM-dd HH:mm} UTC)");
}
