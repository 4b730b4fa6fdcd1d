using BenchmarkDotNet.Attributes;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;

namespace BulletinBot.Benchmarks.Store;

/// <summary>
/// What the BenchmarkDotNet classes share with the store child process that runs them in process:
/// the corpus (generated once), where the prebuilt stores are, and the months to ask for.
/// </summary>
internal static class StoreBenchContext
{
    public static IReadOnlyList<Bulletin> Items { get; set; } = [];

    public static string Directory { get; set; } = Path.GetTempPath();

    public static string PrebuiltFile(string store) => Path.Combine(Directory, $"{store}.db");

    /// <summary>Twelve months spread over the corpus's twenty years, asked for in turn.</summary>
    public static DateRange[] Months { get; } = Enumerable.Range(0, 12)
        .Select(i => new DateOnly(2005 + ((i * 7) % 21), 1 + ((i * 5) % 12), 1))
        .Select(first => new DateRange(first, first.AddMonths(1).AddDays(-1)))
        .ToArray();
}

/// <summary>latest(10) and one month by date, on a store already built at the run's size.</summary>
public class StoreReadBenchmarks
{
    private IStoreBench? _store;
    private int _month;

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "";

    public static IEnumerable<string> Stores => StoreCatalog.Names;

    [GlobalSetup]
    public void Open() => _store = StoreCatalog.Open(Store, StoreBenchContext.PrebuiltFile(Store));

    [GlobalCleanup]
    public void Close() => _store?.Dispose();

    [Benchmark(Description = "latest(10)")]
    public int Latest() => _store!.Latest(10).Count;

    [Benchmark(Description = "by-date (a month: first 10 and the count)")]
    public int ByDate()
    {
        var range = StoreBenchContext.Months[_month++ % StoreBenchContext.Months.Length];
        return _store!.ByDate(range, 10).Total;
    }
}

/// <summary>Every item written into a fresh store file, once per iteration.</summary>
public class StoreIngestBenchmarks
{
    private IStoreBench? _store;
    private string _file = "";

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "";

    public static IEnumerable<string> Stores => StoreCatalog.Names;

    [IterationSetup]
    public void Fresh()
    {
        _file = Path.Combine(StoreBenchContext.Directory, $"ingest-{Store}.db");
        StoreCatalog.Delete(_file);
        _store = StoreCatalog.Open(Store, _file);
    }

    [IterationCleanup]
    public void Close()
    {
        _store?.Dispose();
        StoreCatalog.Delete(_file);
    }

    [Benchmark(Description = "ingest")]
    public void Ingest() => _store!.Ingest(StoreBenchContext.Items, StoreCatalog.BatchSize);
}
