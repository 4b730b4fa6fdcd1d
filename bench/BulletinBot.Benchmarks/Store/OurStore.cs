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

    /// <summary>
    /// One transaction for the whole call, as raw's <c>InsertBulk</c> has: pages of <paramref name="batchSize"/> items
    /// through <see cref="BulletinStore.UpsertPages"/>, which stores many pages in one commit (as the ingest command does).
    /// Each commit rewrites every page it dirtied, and an item dirties pages at random places in the id and sort
    /// indexes and the sketches. Committed every 5,000 items, ours wrote those pages 200 times over a million items where
    /// raw committed once per call. LiteDB bounds what one transaction holds in memory alike for both: past its limit it
    /// writes the transaction's pages to its log and goes on.
    /// </summary>
    public void Ingest(IEnumerable<Bulletin> items, int batchSize) =>
        Store.UpsertPages([.. items.Chunk(batchSize).Select(batch => new PageWrite(batch, null))]);

    public IReadOnlyList<string> Latest(int count) => Store.Latest(null, count).Select(b => b.Id).ToList();

    public (IReadOnlyList<string> Page, int Total) ByDate(DateRange range, int take) =>
        (Store.ByDate(range, null, take).Select(b => b.Id).ToList(), Store.CountByDate(range));

    public void Dispose() => _database.Dispose();
}
