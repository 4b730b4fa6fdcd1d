using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Persistence;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Search.Persistence;

/// <summary>
/// A search narrowed to one source (<see cref="SearchQuery.Origin"/>) over the index beside a store file: the same
/// hits as filtering the unnarrowed ones, after a restart, after merges, and never reached by a word.
/// </summary>
public sealed class SourceFilterIndexTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("source-index-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    private string StorePath => Path.Combine(_folder, "bulletins.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_narrowed_search_finds_the_sources_hits_and_keeps_finding_them_after_a_restart()
    {
        var items = Items(new Random(5), 400);
        List<string> expected;
        using (var database = BulletinDatabase.Open(StorePath))
        using (var search = new BulletinSearch(new BulletinStore(database, _time), new ListLogger<BulletinSearch>()))
        {
            var store = new BulletinStore(database, _time);

            // Many small batches, so the index holds (and merges) several segments.
            foreach (var batch in items.Chunk(25))
            {
                store.UpsertBatch(batch);
                _ = search.Find(Query("talk"), 0, 1);
            }

            expected = search.Find(Query("talk"), 0, 500).Hits.Select(h => h.BulletinId).Where(id => items.Single(i => i.Id == id).Origin == "wire").ToList();
            var narrowed = search.Find(Query("talk") with { Origin = "wire" }, 0, 500);
            Assert.Equal(expected, narrowed.Hits.Select(h => h.BulletinId));
            Assert.Equal(expected.Count, narrowed.Total);
            Assert.NotEmpty(expected);
            Assert.All(search.Read(narrowed.Hits), b => Assert.Equal("wire", b.Origin));
        }

        using (var database = BulletinDatabase.Open(StorePath))
        using (var search = new BulletinSearch(new BulletinStore(database, _time), new ListLogger<BulletinSearch>()))
        {
            var reopened = search.Find(Query("talk") with { Origin = "wire" }, 0, 500);
            Assert.Equal(IndexOrigin.Opened, search.Origin);
            Assert.Equal(expected, reopened.Hits.Select(h => h.BulletinId));
            Assert.Empty(search.Find(Query("talk") with { Origin = "nowhere" }, 0, 10).Hits);
        }
    }

    [Fact]
    public void A_word_like_a_sources_name_never_matches_the_source_itself()
    {
        using var database = BulletinDatabase.Open(StorePath);
        var store = new BulletinStore(database, _time);
        using var search = new BulletinSearch(store, new ListLogger<BulletinSearch>());
        store.UpsertBatch([new Bulletin("a1", "Test", "Harbour news", ["Nothing about it here."], new DateOnly(2018, 1, 1), Origin: "seeds")]);

        Assert.Empty(search.Find(Query("seeds"), 0, 10).Hits);
        Assert.Empty(search.Find(Query("seedz"), 0, 10).Hits);
        Assert.Empty(search.Find(Query("see*"), 0, 10).Hits);
        Assert.Single(search.Find(Query("harbour") with { Origin = "seeds" }, 0, 10).Hits);
    }

    private static SearchQuery Query(string text) => SearchQueryParser.Parse(text).Query!;

    private static List<Bulletin> Items(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => new Bulletin(
            $"item{i:D4}",
            "Test",
            (random.Next(2) == 0 ? "Talks on " : "News on ") + string.Join(' ', Enumerable.Range(0, 3).Select(_ => $"w{random.Next(30)}")),
            [string.Join(' ', Enumerable.Range(0, 20 + random.Next(20)).Select(_ => $"w{random.Next(30)}"))],
            new DateOnly(2010, 1, 1).AddDays(random.Next(3000)),
            Origin: random.Next(3) == 0 ? "wire" : "seeds")).ToList();
}
