using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;

namespace BulletinBot.Benchmarks.Store;

/// <summary>One store of record under measurement: ingest, the newest items, and items by date.</summary>
internal interface IStoreBench : IDisposable
{
    /// <summary>Writes <paramref name="items"/> into the store, in batches of <paramref name="batchSize"/>.</summary>
    void Ingest(IEnumerable<Bulletin> items, int batchSize);

    /// <summary>The ids of the <paramref name="count"/> newest items.</summary>
    IReadOnlyList<string> Latest(int count);

    /// <summary>The first page of the items dated within <paramref name="range"/>, newest first, and how many there are.</summary>
    (IReadOnlyList<string> Page, int Total) ByDate(DateRange range, int take);
}

internal static class StoreCatalog
{
    public const string Ours = "ours";
    public const string Raw = "raw-litedb";
    public const int BatchSize = 5000;

    public static string[] Names { get; } =
        [Ours, Raw];

    public static IStoreBench Open(string name, string file) => name switch
    {
        Raw => new RawLiteDbStore(file),
        Ours => new OurStore(file),
        _ => throw new ArgumentException($"Unknown store '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The store file and LiteDB's log file beside it.</summary>
    public static long DiskBytes(string file) =>
        new[] { file, Path.ChangeExtension(file, null) + "-log" + Path.GetExtension(file) }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    public static void Delete(string file)
    {
        File.Delete(file);
        File.Delete(Path.ChangeExtension(file, null) + "-log" + Path.GetExtension(file));
    }
}
