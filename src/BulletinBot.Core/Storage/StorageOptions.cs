using System.ComponentModel.DataAnnotations;

namespace BulletinBot.Core.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    public const string InMemory = ":memory:";

    /// <summary>
    /// The LiteDB file; a relative path is taken from the content root, ":memory:" keeps the store in
    /// memory. When it is not set, the store lives in the user's data folder, wherever the bot is started from.
    /// </summary>
    [MinLength(1, ErrorMessage = "Storage:Path is empty; name the LiteDB file (e.g. data/bulletins.db), or leave it unset for the default in your data folder.")]
    public string? Path { get; set; }

    /// <summary>Where the store of record lives: a LiteDB file (the default, one process) or a PostgreSQL database
    /// (<c>ConnectionStrings:Bulletins</c>, several replicas).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.LiteDb;

    /// <summary>
    /// The folder of this replica's own search index when the store is on a database server; a relative path is
    /// taken from the content root. When it is not set, <see cref="DefaultIndexPath"/>. A LiteDB store keeps its
    /// index beside its file and does not read this.
    /// </summary>
    [MinLength(1, ErrorMessage = "Storage:IndexPath is empty; name a folder on this replica's disk for its search index (e.g. data/search.index), or leave it unset for the default in your data folder.")]
    public string? IndexPath { get; set; }

    /// <summary>Ingestion waits while the store's disk has less than this many megabytes free (0: never waits).</summary>
    [Range(0, 1_000_000, ErrorMessage = "Storage:MinFreeMegabytes must be between 0 and 1000000.")]
    public int MinFreeMegabytes { get; set; } = DiskSpace.DefaultReserveMegabytes;

    /// <summary>The search index's folder of a store on a database server when none is configured: beside the default store file.</summary>
    public static string DefaultIndexPath(string contentRoot) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(DefaultPath(contentRoot))!, "postgres.index");

    /// <summary>The store's path when none is configured: the user's data folder, else the content root's data folder.</summary>
    public static string DefaultPath(string contentRoot)
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(data)
            ? System.IO.Path.Combine(contentRoot, "data", "bulletins.db")
            : System.IO.Path.Combine(data, "BulletinBot", "bulletins.db");
    }
}

/// <summary>Where the store of record lives.</summary>
public enum StorageProvider
{
    /// <summary>An embedded LiteDB file, owned by one process.</summary>
    LiteDb,

    /// <summary>A PostgreSQL database shared by several replicas.</summary>
    Postgres,
}

/// <summary>The store cannot be opened or used; the message names the file and says what to do.</summary>
/// <remarks>Not sealed: <see cref="StoreDamagedException"/> is the one kind callers tell apart.</remarks>
public class StorageException(string message, Exception? inner = null) : Exception(message, inner);
