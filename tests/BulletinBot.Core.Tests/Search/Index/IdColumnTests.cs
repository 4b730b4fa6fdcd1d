using BulletinBot.Core.Conversation;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Persistence;
using BulletinBot.Core.Search.Query;
using CsCheck;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Search.Index;

/// <summary>A segment's ids as bytes: what goes in comes back, every id is found where it is, and a
/// search reads its page by where it found the hits, so a cold start never looks an id up.</summary>
public sealed class IdColumnTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("id-column-").FullName;

    private string StorePath => Path.Combine(_folder, "bulletins.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Ids_round_trip_through_their_file_form_and_are_found_as_a_hash_map_finds_them() =>
        Gen.String[Gen.Char.AlphaNumeric, 1, 24].HashSet[0, 300].Select(Gen.String[Gen.Char.AlphaNumeric, 0, 12].Array[0, 20])
            .Sample((ids, probes) =>
            {
                var list = ids.ToArray();
                var bytes = new GrowableArray<byte>(16);
                IdColumn.Of(list).WriteTo(bytes);
                var offset = 0;
                var column = IdColumn.Read(bytes.AsSpan(), ref offset, list.Length, "test");

                Assert.Equal(bytes.Count, offset);
                Assert.Equal(list, Enumerable.Range(0, column.Count).Select(doc => column[doc]));
                foreach (var probe in probes.Concat(list))
                {
                    Assert.Equal(Array.IndexOf(list, probe), column.Find(System.Text.Encoding.UTF8.GetBytes(probe)));
                }

                for (var i = 1; i < list.Length; i++)
                {
                    Assert.Equal(Math.Sign(string.CompareOrdinal(list[i - 1], list[i])), Math.Sign(IdColumn.Compare(column, i - 1, column, i)));
                }
            }, iter: 300);

    [Fact]
    public void Ids_that_run_past_their_record_are_reported_as_damage()
    {
        var bytes = new GrowableArray<byte>(16);
        IdColumn.Of(["kj18ax4", "zpekg1s"]).WriteTo(bytes);
        var offset = 0;

        var error = Assert.Throws<IndexCorruptException>(() => IdColumn.Read(bytes.AsSpan()[..^3], ref offset, 2, "segment 7"));
        Assert.Contains("segment 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cold_search_shows_its_page_without_looking_up_a_single_id()
    {
        using (var first = new Archive(StorePath))
        {
            first.Store.UpsertBatch(Enumerable.Range(1, 60).Select(i => Item($"Talks round {i}", Day(2020, 1, 1).AddDays(i))).ToList());
            Assert.NotEmpty(first.Search.Find(SearchQueryParser.Parse("talks").Query!, 0, 10).Hits);
        }

        using var cold = new Archive(StorePath);
        var page = await cold.ListAsync("search talks", ChatContext.OneShot);

        Assert.Equal(IndexOrigin.Opened, cold.Search.Origin);
        Assert.NotEmpty(page.Cards);
        Assert.Equal(Enumerable.Range(1, 60).Reverse().Take(page.Cards.Count).Select(i => $"Talks round {i}"), page.Cards.Select(c => c.Title.PlainText));
        Assert.All(cold.Search.Index!.Snapshot.Segments, s => Assert.False(s.Segment.Ids.HasTable));
    }

    [Fact]
    public void Hits_read_after_their_item_changed_show_the_new_version()
    {
        using var archive = new Archive(StorePath);
        var item = Item("Talks in Havana", Day(2018, 1, 2), "First version about migration.");
        archive.Store.UpsertBatch([item, .. Enumerable.Range(1, 20).Select(i => Item($"Notice {i}", Day(2019, 1, 1).AddDays(i)))]);
        var query = SearchQueryParser.Parse("migration").Query!;
        var hits = archive.Search.Find(query, 0, 10).Hits;

        // The change reaches the index (the next search applies it) before the first search's page is read.
        archive.Store.UpsertBatch([item with { Paragraphs = ["Second version about migration."] }]);
        Assert.Single(archive.Search.Find(query, 0, 10).Hits);

        var shown = Assert.Single(archive.Search.Read(hits));
        Assert.Equal("Second version about migration.", shown.Paragraphs[0]);
    }
}
