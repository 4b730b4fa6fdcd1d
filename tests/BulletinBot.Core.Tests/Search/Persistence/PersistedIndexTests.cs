using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Persistence;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Tests.Search.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Search.Persistence;

/// <summary>The index beside a store file: opened at a restart, rebuilt when it cannot be trusted,
/// caught up after a crash, read for stored fields. Real files in a temporary folder.</summary>
public sealed class PersistedIndexTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("persisted-index-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private string StorePath => Path.Combine(_folder, "bulletins.db");

    private string IndexFolder => BulletinSearch.IndexFolder(StorePath);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_restart_opens_the_index_without_a_rebuild()
    {
        var items = Items(new Random(1), 300);
        List<string> before;
        using (var session = Open())
        {
            session.Store.UpsertBatch(items);
            before = Ids(session.Search, "talk");
            Assert.Equal(IndexOrigin.Rebuilt, session.Search.Origin);
            Assert.Equal(1, session.Search.Rebuilds);
        }

        using (var session = Open())
        {
            var after = Ids(session.Search, "talk");
            Assert.Equal(IndexOrigin.Opened, session.Search.Origin);
            Assert.Equal(0, session.Search.Rebuilds);
            Assert.Equal(before, after);
            Assert.NotEmpty(after);
            Assert.Contains(session.Log.Entries, e => e.Message.StartsWith("Search index opened: 300 items", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_truncated_segment_is_detected_and_rebuilt_with_correct_answers()
    {
        var items = Items(new Random(2), 200);
        using (var session = Open())
        {
            session.Store.UpsertBatch(items);
            _ = Ids(session.Search, "talk");
        }

        var segment = Directory.GetFiles(IndexFolder, "*.bbs").Single();
        using (var stream = new FileStream(segment, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        using (var session = Open())
        {
            var ids = Ids(session.Search, "talk");
            Assert.Equal(IndexOrigin.Rebuilt, session.Search.Origin);
            var warning = Assert.Single(session.Log.Entries, e => e.Level == LogLevel.Warning);
            Assert.Contains("not usable", warning.Message, StringComparison.Ordinal);
            Assert.Equal(InMemoryIds(items, "talk"), ids);
        }
    }

    [Fact]
    public void A_corrupt_manifest_is_detected_and_rebuilt()
    {
        var items = Items(new Random(3), 100);
        using (var session = Open())
        {
            session.Store.UpsertBatch(items);
            _ = Ids(session.Search, "talk");
        }

        var manifest = Path.Combine(IndexFolder, "manifest");
        var text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, text.Replace("sequence 100", "sequence 10", StringComparison.Ordinal));

        using var reopened = Open();
        Assert.Equal(InMemoryIds(items, "talk"), Ids(reopened.Search, "talk"));
        Assert.Equal(IndexOrigin.Rebuilt, reopened.Search.Origin);
        Assert.Contains(reopened.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("checksum", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flipped_byte_in_a_postings_blob_is_caught_when_read_and_the_answer_is_still_right()
    {
        var items = Items(new Random(4), 200);
        using (var session = Open())
        {
            session.Store.UpsertBatch(items);
            _ = Ids(session.Search, "talk");
        }

        // The header and meta still check out; the damage is found when the postings are first read.
        var segment = Directory.GetFiles(IndexFolder, "*.bbs").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[SegmentFormat.HeaderLength + 3] ^= 0x55;
        File.WriteAllBytes(segment, bytes);

        // The damaged blob is the first term's: the first word of a title, "talks" or "news".
        string[] queries = ["talk", "news", "w1", "w2"];
        using var reopened = Open();
        var answers = queries.Select(q => Ids(reopened.Search, q)).ToList();
        Assert.Equal(queries.Select(q => InMemoryIds(items, q)), answers);
        Assert.Contains(reopened.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("damaged", StringComparison.Ordinal));
    }

    [Fact]
    public void Changes_committed_after_the_last_index_update_are_caught_up_at_the_next_start()
    {
        var random = new Random(5);
        var first = Items(random, 100);
        var later = Items(random, 50, prefix: "late");
        long indexed;
        using (var session = Open())
        {
            session.Store.UpsertBatch(first);
            _ = Ids(session.Search, "talk");
            indexed = session.Search.AppliedSequence;

            // The process stops after the store commit, before any search applies it.
            session.Store.UpsertBatch(later);
        }

        Assert.Contains($"sequence {indexed}\n", File.ReadAllText(Path.Combine(IndexFolder, "manifest")), StringComparison.Ordinal);
        using var reopened = Open();
        var ids = Ids(reopened.Search, "talk");
        Assert.Equal(IndexOrigin.Opened, reopened.Search.Origin);
        Assert.Equal(reopened.Store.LastSequence(), reopened.Search.AppliedSequence);
        Assert.Equal(InMemoryIds([.. first, .. later], "talk"), ids);
        Assert.Contains(ids, id => id.StartsWith("late", StringComparison.Ordinal));
    }

    [Fact]
    public void An_index_left_by_another_store_is_not_trusted()
    {
        var mine = Items(new Random(6), 80);
        using (var session = Open())
        {
            session.Store.UpsertBatch(mine);
            _ = Ids(session.Search, "talk");
        }

        // The store is replaced by another with as many changes; the folder beside it stays.
        File.Delete(StorePath);
        var other = Items(new Random(60), 80, prefix: "other");
        using var replaced = Open();
        replaced.Store.UpsertBatch(other);
        var ids = Ids(replaced.Search, "talk");
        Assert.Equal(IndexOrigin.Rebuilt, replaced.Search.Origin);
        Assert.Contains(replaced.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("another store", StringComparison.Ordinal));
        Assert.Equal(InMemoryIds(other, "talk"), ids);
    }

    [Fact]
    public void A_changed_item_appears_once_before_and_after_a_restart()
    {
        var item = new Bulletin("changed", "Test", "Talks in Havana", ["First version about migration."], new DateOnly(2018, 1, 2));
        using (var session = Open())
        {
            session.Store.UpsertBatch([item, .. Items(new Random(7), 40)]);
            Assert.Equal(["changed"], Ids(session.Search, "migration"));
            session.Store.UpsertBatch([item with { Paragraphs = ["Second version about migration and embassies."] }]);
            Assert.Equal(["changed"], Ids(session.Search, "migration"));
            Assert.Equal(["changed"], Ids(session.Search, "embassy"));
        }

        using var reopened = Open();
        Assert.Equal(["changed"], Ids(reopened.Search, "migration"));
        Assert.Equal(IndexOrigin.Opened, reopened.Search.Origin);
        var shown = Assert.Single(reopened.Search.Read(["changed"]));
        Assert.Equal("Second version about migration and embassies.", shown.Paragraphs[0]);
    }

    [Fact]
    public void Stored_fields_give_back_the_bulletins_the_store_holds()
    {
        var items = Items(new Random(8), 120).Select((b, i) => i % 3 == 0 ? b with { Link = $"https://example.org/{i}", EndDate = b.Date?.AddDays(2) } : b).ToList();
        using var session = Open();
        session.Store.UpsertBatch(items);
        _ = Ids(session.Search, "talk");
        var read = session.Search.Read(items.Select(b => b.Id));
        Assert.Equal(items.Count, read.Count);
        Assert.All(read, b => Assert.Equal(session.Store.Get(b.Id), b));
    }

    [Fact]
    public async Task Randomized_answers_match_brute_force_across_changes_merges_and_a_reopen()
    {
        var random = new Random(20261129);
        var live = new Dictionary<string, Bulletin>(StringComparer.Ordinal);
        using (var session = Open())
        {
            var initial = Enumerable.Range(0, 1500).Select(i => SearchIndexCrossCheckTests.RandomBulletin(random, $"d{i:D5}")).ToList();
            Store(session, live, initial);
            _ = session.Search.Find(Query("talk"), 0, 1);

            // Many small batches, each a segment; the merges run in the background meanwhile.
            for (var batch = 0; batch < 40; batch++)
            {
                var changes = Enumerable.Range(0, 1 + random.Next(20))
                    .Select(i => SearchIndexCrossCheckTests.RandomBulletin(random, random.Next(2) == 0 ? $"n{batch:D3}-{i}" : $"d{random.Next(1500):D5}"))
                    .ToList();
                Store(session, live, changes);
                _ = session.Search.Find(Query("talk"), 0, 1);
            }

            await session.Search.MergesIdle();
            Assert.True(session.Search.Index!.SegmentCount <= MergePolicy.MaxSegments, $"{session.Search.Index.SegmentCount} segments");
            SearchIndexCrossCheckTests.CompareMany(session.Search.Index, [.. live.Values], random, 150);
        }

        using var reopened = Open();
        _ = reopened.Search.Find(Query("talk"), 0, 1);
        Assert.Equal(IndexOrigin.Opened, reopened.Search.Origin);
        Assert.Equal(live.Count, reopened.Search.Index!.Count);
        SearchIndexCrossCheckTests.CompareMany(reopened.Search.Index, [.. live.Values], random, 150);
    }

    [Fact]
    public async Task Merged_away_files_stay_while_a_search_holds_them_and_go_after()
    {
        var random = new Random(9);
        using var session = Open();
        session.Store.UpsertBatch(Items(random, 10));
        _ = Ids(session.Search, "talk");
        for (var batch = 0; batch < MergePolicy.Factor - 1; batch++)
        {
            session.Store.UpsertBatch(Items(random, 10, prefix: $"b{batch}-"));
            _ = Ids(session.Search, "talk");
        }

        await session.Search.MergesIdle();
        var index = session.Search.Index!;
        Assert.Equal(1, index.SegmentCount);

        // A search holds the current snapshot while half its items change, so that the segment is
        // rewritten without them.
        var held = index.Acquire();
        var heldFile = held.Segments.Single().Segment.File!.Path;
        session.Store.UpsertBatch([.. Items(new Random(90), 10), .. Items(new Random(91), 10, prefix: "b0-")]);
        _ = Ids(session.Search, "talk");
        await session.Search.MergesIdle();

        Assert.DoesNotContain(heldFile, ManifestSegments());
        Assert.True(File.Exists(heldFile));
        held.Release();
        Assert.False(File.Exists(heldFile));
        Assert.Equal(ManifestSegments().Order(), Directory.GetFiles(IndexFolder, "*.bbs").Order());
    }

    [Fact]
    public void A_segment_that_cannot_be_written_leaves_searches_answering_from_memory()
    {
        var random = new Random(11);
        var first = Items(random, 60);
        var later = Items(random, 30, prefix: "late");
        using var session = Open();
        session.Store.UpsertBatch(first);
        _ = Ids(session.Search, "talk");

        // The next segment's temporary name is taken by a folder: writing it fails as a full disk would.
        Directory.CreateDirectory(Path.Combine(IndexFolder, "seg-000002.bbs.tmp"));
        session.Store.UpsertBatch(later);

        Assert.Equal(InMemoryIds([.. first, .. later], "talk"), Ids(session.Search, "talk"));
        Assert.Contains(session.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cannot write beside the store", StringComparison.Ordinal));
        Assert.Equal(IndexOrigin.InMemory, session.Search.Origin);
    }

    [Fact]
    public void Postings_past_the_cache_budget_are_dropped_and_read_again_the_same()
    {
        using (var session = Open())
        {
            session.Store.UpsertBatch(Items(new Random(10), 200));
            _ = Ids(session.Search, "talk");
        }

        var segment = SegmentFile.Open(Directory.GetFiles(IndexFolder, "*.bbs").Single());
        try
        {
            var talk = segment.Ordinal("talk");
            var first = segment.Postings(talk);
            Assert.Same(first, segment.Postings(talk));

            // A budget smaller than one term's postings: admitting another drops the first.
            var cache = new PostingsCache(budgetBytes: 1);
            cache.Admit(segment, talk, first);
            Assert.Equal(0, cache.HeldBytes);
            var again = segment.Postings(talk);
            Assert.NotSame(first, again);
            Assert.Equal(first.Data.ToArray(), again.Data.ToArray());
            Assert.Equal(first.Positions, again.Positions);
            Assert.Equal(first.BlockMaxWeight, again.BlockMaxWeight);
        }
        finally
        {
            segment.File!.Dispose();
        }
    }

    [Fact]
    public void Postings_are_read_in_place_from_the_mapped_file_and_the_budget_grows_with_the_index()
    {
        using (var session = Open())
        {
            session.Store.UpsertBatch(Items(new Random(11), 300));
            _ = Ids(session.Search, "talk");
        }

        var budgetBefore = PostingsCache.Shared.BudgetBytes;
        var path = Directory.GetFiles(IndexFolder, "*.bbs").Single();
        var segment = SegmentFile.Open(path);
        try
        {
            var talk = segment.Postings(segment.Ordinal("talk"));

            // The encoded postings are the file's own bytes: the heap holds only the block tables.
            Assert.True(talk.Mapped);
            Assert.True(talk.SizeInBytes < 64 + (16L * talk.BlockCount) + 1 + (8L * (talk.DocBits?.Length ?? 0)));
            Assert.True(talk.Data.Length > 0);
            Assert.True(PostingsCache.Shared.BudgetBytes >= Math.Max(32L << 20, new FileInfo(path).Length / 16));
            Assert.True(PostingsCache.Shared.BudgetBytes >= budgetBefore);
        }
        finally
        {
            segment.File!.Dispose();
        }
    }

    private IEnumerable<string> ManifestSegments() =>
        File.ReadAllLines(Path.Combine(IndexFolder, "manifest"))
            .Where(l => l.StartsWith("segment ", StringComparison.Ordinal))
            .Select(l => Path.Combine(IndexFolder, l.Split(' ')[1]));

    private static void Store(Session session, Dictionary<string, Bulletin> live, List<Bulletin> items)
    {
        session.Store.UpsertBatch(items);
        foreach (var item in items)
        {
            live[item.Id] = item;
        }
    }

    private Session Open() => new(StorePath, _time);

    private static SearchQuery Query(string text) => SearchQueryParser.Parse(text).Query!;

    private static List<string> Ids(BulletinSearch search, string text) =>
        search.Find(Query(text), 0, 50).Hits.Select(h => h.BulletinId).ToList();

    private static List<string> InMemoryIds(IEnumerable<Bulletin> items, string text) =>
        SearchIndex.Build(items).Search(Query(text), 0, 50).Hits.Select(h => h.BulletinId).ToList();

    // Words w0..w29 with "talk" in about half the titles, so every query here has hits.
    private static List<Bulletin> Items(Random random, int count, string prefix = "item") =>
        Enumerable.Range(0, count).Select(i => new Bulletin(
            $"{prefix}{i:D4}",
            "Test",
            (random.Next(2) == 0 ? "Talks on " : "News on ") + string.Join(' ', Enumerable.Range(0, 3).Select(_ => $"w{random.Next(30)}")),
            [string.Join(' ', Enumerable.Range(0, 20 + random.Next(20)).Select(_ => $"w{random.Next(30)}"))],
            new DateOnly(2010, 1, 1).AddDays(random.Next(3000)))).ToList();

    private sealed class Session : IDisposable
    {
        public Session(string path, TimeProvider time)
        {
            Database = BulletinDatabase.Open(path);
            Store = new BulletinStore(Database, time);
            Search = new BulletinSearch(Store, Log);
        }

        public BulletinDatabase Database { get; }

        public BulletinStore Store { get; }

        public BulletinSearch Search { get; }

        public ListLogger<BulletinSearch> Log { get; } = new();

        public void Dispose()
        {
            Search.Dispose();
            Database.Dispose();
        }
    }
}
