using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;

namespace BulletinBot.Benchmarks.Store;

/// <summary>Ours: <see cref="BulletinStore"/> over the file, written through its upsert path.</summary>
internal sealed class OurStore : IStoreBench
{
    private readonly BulletinDatabase _database;

    public OurStore(string file)
    {
        _database = BulletinDatabase.Open(file);
        Store = new BulletinStore(_database, TimeProvider.System);
    }

    public BulletinStore Store { get; }

    public void Ingest(IEnumerable<Bulletin> items, int batchSize)
    {
        foreach (var batch in items.Chunk(batchSize))
        {
            Store.UpsertBatch(batch);
        }
    }

    public IReadOnlyList<string> Latest(int count) => Store.Latest(null, count).Select(b => b.Id).ToList();

    public (IReadOnlyList<string> Page, int Total) ByDate(DateRange range, int take) =>
        (Store.ByDate(range, null, take).Select(b => b.Id).ToList(), Store.CountByDate(range));

    public void Dispose() => _database.Dispose();
}
