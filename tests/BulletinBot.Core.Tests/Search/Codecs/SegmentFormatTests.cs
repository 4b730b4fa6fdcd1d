using System.Buffers.Binary;
using System.IO.Hashing;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Persistence;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using CsCheck;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Search.Codecs;

/// <summary>Format 2 of a segment file: the sorted UTF-8 term dictionary, a rebuild that ends in one
/// segment, and a file of another format version found and rebuilt.</summary>
public sealed class SegmentFormatTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("segment-format-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private string StorePath => Path.Combine(_folder, "bulletins.db");

    private string IndexFolder => BulletinSearch.IndexFolder(StorePath);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_dictionary_finds_present_terms_and_only_those()
    {
        // Unicode that sorts differently as UTF-16 and as UTF-8 (a surrogate pair against U+FFxx), and
        // prefixes of one another.
        string[] terms = ["talk", "migracion", "ta", "talks", "日本", "\U0001D11E", "\uFF21", "z", "ünïcode", "a"];
        var dictionary = RoundTrip(terms);

        Assert.Equal(terms.Length, dictionary.Count);
        for (var ordinal = 0; ordinal < terms.Length; ordinal++)
        {
            Assert.Equal(ordinal, dictionary.Ordinal(terms[ordinal]));
            Assert.Equal(terms[ordinal], dictionary.TermAt(ordinal));
        }

        foreach (var absent in new[] { "", "t", "tal", "talkz", "日", "\U0001D11F", "zz", "0", "ñ", new string('x', 300) })
        {
            Assert.Equal(-1, dictionary.Ordinal(absent));
        }
    }

    [Fact]
    public void A_search_of_words_leaves_positions_encoded_and_a_phrase_decodes_them()
    {
        using (var first = new Archive(StorePath))
        {
            first.Store.UpsertBatch(Enumerable.Range(1, 40)
                .Select(i => TestData.Item($"Harbour talks {i}", TestData.Day(2020, 1, 1).AddDays(i), i % 2 == 0 ? "The harbour opened for talks." : "Talks about the harbour."))
                .ToList());
            Assert.Equal(40, first.Search.Find(Parse("harbour"), 0, 10).Total);
        }

        using var cold = new Archive(StorePath);
        Assert.Equal(40, cold.Search.Find(Parse("harbour talks"), 0, 10).Total);
        var segment = Assert.Single(cold.Search.Index!.Snapshot.Segments).Segment;
        var harbour = segment.Ordinal(TextAnalyzer.NormalizeWord("harbour", out _));
        Assert.False(segment.Postings(harbour).PositionsDecoded);

        Assert.Equal(20, cold.Search.Find(Parse("\"harbour opened\""), 0, 10).Total);
        Assert.True(segment.Postings(harbour).PositionsDecoded);
    }

    [Fact]
    public void The_dictionary_agrees_with_a_hash_map_for_random_terms() =>
        Gen.String[Gen.Char.AlphaNumeric, 1, 12].HashSet[0, 60].Select(Gen.String[Gen.Char, 0, 8].Array[0, 20])
            .Sample((terms, probes) =>
            {
                var list = terms.ToArray();
                var dictionary = RoundTrip(list);
                var expected = list.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
                foreach (var probe in probes.Concat(list))
                {
                    Assert.Equal(expected.GetValueOrDefault(probe, -1), dictionary.Ordinal(probe));
                }
            }, iter: 300);

    [Fact]
    public void Positions_round_trip_through_their_file_form() =>
        Gen.UShort.Array[0, 400].Sample(positions =>
        {
            var bytes = new GrowableArray<byte>(16);
            PositionsCodec.Encode(positions, bytes);
            Assert.Equal(positions, PositionsCodec.Decode(bytes.AsSpan(), positions.Length, "test"));
        }, iter: 500);

    [Fact]
    public void Positions_that_end_early_or_run_on_are_reported()
    {
        ushort[] positions = [3, 9, 12, 40, 41, 140, 7, 101];
        var bytes = new GrowableArray<byte>(16);
        PositionsCodec.Encode(positions, bytes);
        Assert.True(bytes.Count < positions.Length * 2);
        Assert.Throws<IndexCorruptException>(() => PositionsCodec.Decode(bytes.AsSpan(), positions.Length + 1, "test"));
        Assert.Throws<IndexCorruptException>(() => PositionsCodec.Decode(bytes.AsSpan(), positions.Length - 1, "test"));

        // A first difference that leaves the range of a position.
        Assert.Throws<IndexCorruptException>(() => PositionsCodec.Decode([0x01], 1, "test"));
    }

    [Fact]
    public void A_rebuild_in_several_chunks_ends_in_one_segment_with_the_same_answers()
    {
        var items = Items(new Random(21), 170);
        using var database = BulletinDatabase.Open(StorePath);
        var store = new BulletinStore(database, _time);
        store.UpsertBatch(items);
        var log = new ListLogger<SegmentFormatTests>();
        using (var index = PersistedIndex.OpenOrRebuild(IndexFolder, store, log, rebuildChunk: 40))
        {
            Assert.Equal(1, index.Index.SegmentCount);
            Assert.Single(Directory.GetFiles(IndexFolder, "*.bbs"));
            foreach (var text in new[] { "talk", "w3 w7", "\"w1 w2\"", "news -w4" })
            {
                Assert.Equal(InMemoryIds(items, text), Ids(index.Index, text));
            }
        }

        // And the joined segment opens again, with its stored fields.
        using var reopened = PersistedIndex.OpenOrRebuild(IndexFolder, store, log);
        Assert.Equal(IndexOrigin.Opened, reopened.Origin);
        Assert.Equal(InMemoryIds(items, "talk"), Ids(reopened.Index, "talk"));
        Assert.Equal(items.OrderBy(i => i.Id, StringComparer.Ordinal), reopened.Index.ReadStored([.. items.Select(i => i.Id).Order(StringComparer.Ordinal).Select(id => new SearchHit(id, 0))]));
    }

    [Fact]
    public void A_segment_of_another_format_version_is_rebuilt_with_a_warning()
    {
        var items = Items(new Random(22), 120);
        using (var database = BulletinDatabase.Open(StorePath))
        using (var search = new BulletinSearch(new BulletinStore(database, _time), new ListLogger<BulletinSearch>()))
        {
            new BulletinStore(database, _time).UpsertBatch(items);
            _ = search.Find(Query("talk"), 0, 10);
        }

        // An older build's file: the version field says 1, and the header's own checksum still holds.
        var segment = Directory.GetFiles(IndexFolder, "*.bbs").Single();
        var bytes = File.ReadAllBytes(segment);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(60), Crc32.HashToUInt32(bytes.AsSpan(0, 60)));
        File.WriteAllBytes(segment, bytes);

        using (var database = BulletinDatabase.Open(StorePath))
        {
            var log = new ListLogger<BulletinSearch>();
            using var search = new BulletinSearch(new BulletinStore(database, _time), log);
            Assert.Equal(InMemoryIds(items, "talk"), search.Find(Query("talk"), 0, 50).Hits.Select(h => h.BulletinId));
            Assert.Equal(IndexOrigin.Rebuilt, search.Origin);
            var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
            Assert.Contains($"of format 1; this build reads {SegmentFormat.Version}", warning.Message, StringComparison.Ordinal);
        }
    }

    private static SortedTermDictionary RoundTrip(string[] terms)
    {
        var hash = new HashTermDictionary(terms.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal), terms);
        var bytes = new GrowableArray<byte>(64);
        SortedTermDictionary.Write(hash, bytes);
        var offset = 0;
        var dictionary = SortedTermDictionary.Read(bytes.AsSpan(), ref offset, terms.Length, "test");
        Assert.Equal(bytes.Count, offset);
        return dictionary;
    }

    private static SearchQuery Query(string text) => SearchQueryParser.Parse(text).Query!;

    private static List<string> Ids(SearchIndex index, string text) =>
        index.Search(Query(text), 0, 50).Hits.Select(h => h.BulletinId).ToList();

    private static List<string> InMemoryIds(IEnumerable<Bulletin> items, string text) => Ids(SearchIndex.Build(items), text);

    private static List<Bulletin> Items(Random random, int count) =>
        Enumerable.Range(0, count).Select(i => new Bulletin(
            $"item{i:D4}",
            "Test",
            (random.Next(2) == 0 ? "Talks on " : "News on ") + string.Join(' ', Enumerable.Range(0, 3).Select(_ => $"w{random.Next(30)}")),
            [string.Join(' ', Enumerable.Range(0, 20 + random.Next(20)).Select(_ => $"w{random.Next(30)}"))],
            new DateOnly(2010, 1, 1).AddDays(random.Next(3000)))).ToList();

    private static SearchQuery Parse(string text) => SearchQueryParser.Parse(text).Query!;
}
