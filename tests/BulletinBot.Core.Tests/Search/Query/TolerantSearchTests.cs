using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Search.Query;

/// <summary>
/// Search as you type and typo tolerance, on every kind of index: one built in memory, and the index
/// beside a store file, in two segments (one per batch) and again after a restart, when its segments are
/// read from their files with sorted term dictionaries.
/// </summary>
public sealed class TolerantSearchTests : IDisposable
{
    private static readonly DateOnly Day = new(2018, 3, 1);

    private static readonly Bulletin[] Corpus =
    [
        Item("m1", "Migration talks resume", "Delegations met in Havana.", Day),
        Item("m2", "Migration agreement signed", "Officials of both sides signed.", Day.AddDays(-1)),
        Item("t1", "Trade talks in Geneva", "Ministers discussed tariffs.", Day.AddDays(-2)),
        Item("w1", "Weather report", "Sunny all week.", Day.AddDays(-3)),
        Item("c1", "Telecommunications forum", "Operators met.", Day.AddDays(-4)),
        Item("e1", "Economy grows", "Exports rose.", Day.AddDays(-5)),
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("tolerant-search-").FullName;
    private readonly List<IDisposable> _open = [];

    public enum Engine
    {
        InMemory,
        PersistedSegments,
        PersistedReopened,
    }

    public void Dispose()
    {
        foreach (var open in Enumerable.Reverse(_open))
        {
            open.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(Engine.InMemory)]
    [InlineData(Engine.PersistedSegments)]
    [InlineData(Engine.PersistedReopened)]
    public void Each_prefix_of_migration_talks_finds_the_talks_from_the_third_letter(Engine engine)
    {
        var search = Searcher(engine, Corpus);
        const string typed = "migration talks";
        for (var length = 3; length <= typed.Length; length++)
        {
            var ids = Ids(search, Typing(typed[..length]));
            Assert.True(ids.Contains("m1"), $"'{typed[..length]}' found {string.Join(",", ids)}");
        }

        Assert.Equal(["m1", "m2"], Ids(search, Typing("mig")));
        Assert.Equal(["m1"], Ids(search, Typing("migration ta")));
        Assert.Equal(["m1", "t1"], Ids(search, Typing("ta")).Order());
    }

    [Theory]
    [InlineData(Engine.InMemory)]
    [InlineData(Engine.PersistedReopened)]
    public void A_typed_search_reads_words_as_whole_words_unless_marked(Engine engine)
    {
        var search = Searcher(engine, Corpus);
        Assert.Empty(Ids(search, Typed("mig")));
        Assert.Equal(["m1", "m2"], Ids(search, Typed("mig*")));

        // A trailing space: the reader finished the word.
        Assert.Equal(["m1", "m2"], Ids(search, Typing("migration ")));
        Assert.Equal(["m1"], Ids(search, Typing("talks from:2018-03")));
    }

    [Theory]
    [InlineData(Engine.InMemory)]
    [InlineData(Engine.PersistedSegments)]
    [InlineData(Engine.PersistedReopened)]
    public void One_typo_is_forgiven_from_five_letters_and_two_from_nine(Engine engine)
    {
        var search = Searcher(engine, Corpus);
        Assert.Equal(["m1", "m2"], Ids(search, Typed("migrasion")));
        Assert.Equal(["m1", "m2"], Ids(search, Typed("mgiration")));
        Assert.Equal(["m1"], Ids(search, Typed("migrasion talks")));
        Assert.Equal(["m1", "m2"], Ids(search, Typed("migrasiom")));
        Assert.Equal(["c1"], Ids(search, Typed("telecomunicasions")));
        Assert.Equal(["e1"], Ids(search, Typed("econmy")));

        // Two typos in eight letters, three in nine or more, one under five, one on the first letter: nothing.
        Assert.Empty(Ids(search, Typed("migrasin")));
        Assert.Empty(Ids(search, Typed("migrasiomm")));
        Assert.Empty(Ids(search, Typed("tolk")));
        Assert.Empty(Ids(search, Typed("nigration")));
    }

    [Theory]
    [InlineData(Engine.InMemory)]
    [InlineData(Engine.PersistedReopened)]
    public void A_correction_is_named_and_an_exact_search_names_none(Engine engine)
    {
        var search = Searcher(engine, Corpus);
        Assert.Equal("migration talks", search(Typed("migrasion talks"), 0, 10).Corrected);
        Assert.Equal("Migration", search(Typed("Migrasion"), 0, 10).Corrected, StringComparer.OrdinalIgnoreCase);
        Assert.Null(search(Typed("migration talks"), 0, 10).Corrected);
        Assert.Null(search(Typing("migr"), 0, 10).Corrected);
    }

    [Theory]
    [InlineData(Engine.InMemory)]
    [InlineData(Engine.PersistedSegments)]
    [InlineData(Engine.PersistedReopened)]
    public void Exact_matches_rank_above_corrected_ones(Engine engine)
    {
        // "Migrasion" itself is in one title: searched for, it comes first; the migration items follow,
        // scored lower than they would be for their own word, and the other way round.
        var items = Corpus.Append(Item("x1", "Migrasion migrasion migrasion", "Migrasion office opens.", Day.AddDays(-9))).ToArray();
        var search = Searcher(engine, items);

        var typo = search(Typed("migrasion"), 0, 10);
        Assert.Equal(["x1", "m1", "m2"], typo.Hits.Select(h => h.BulletinId));
        Assert.Null(typo.Corrected);
        Assert.True(typo.Hits[1].Score < search(Typed("migration"), 0, 10).Hits[0].Score);

        var exact = search(Typed("migration"), 0, 10);
        Assert.Equal(["m1", "m2", "x1"], exact.Hits.Select(h => h.BulletinId));
        Assert.Equal(3, exact.Total);

        // A page the exact matches fill leaves the corrected ones for the next page.
        Assert.Equal(["m1"], search(Typed("migration"), 0, 1).Hits.Select(h => h.BulletinId));
        Assert.Equal(["x1"], search(Typed("migration"), 2, 1).Hits.Select(h => h.BulletinId));
    }

    [Fact]
    public void An_exact_index_search_ignores_prefixes_and_typos()
    {
        var index = SearchIndex.Build(Corpus);
        Assert.Empty(index.Search(Typing("mig"), 0, 10).Hits);
        Assert.Empty(index.Search(Typed("migrasion"), 0, 10).Hits);
        Assert.Equal(2, index.SearchTolerant(Typing("mig"), 0, 10).Hits.Count);
        Assert.Empty(index.SearchTolerant(Typed("migrasion") with { ForgivesTypos = false }, 0, 10).Hits);
    }

    [Theory]
    [InlineData("migration", "migration", 0)]
    [InlineData("migrasion", "migration", 1)]
    [InlineData("mgiration", "migration", 1)]
    [InlineData("migrasiom", "migration", 2)]
    [InlineData("abc", "xyz", 3)]
    [InlineData("", "ab", 2)]
    public void Damerau_distance_counts_a_swap_as_one(string a, string b, int expected)
    {
        Assert.Equal(expected, Damerau.Distance(a, b, 3));
        Assert.Equal(Math.Min(expected, 2), Damerau.Distance(a, b, 1));
    }

    [Fact]
    public void The_parser_marks_the_last_word_as_a_prefix_while_typing()
    {
        Assert.Equal(["ta"], Typing("migration ta").Prefixes);
        Assert.Empty(Typing("migration ta ").Prefixes);
        Assert.Empty(Typing("migration \"ta\"").Prefixes);
        Assert.Empty(Typing("talks -migr").Prefixes);
        Assert.Equal(["talk"], Typed("talks* migration").Prefixes);
        Assert.Empty(Typed("migration ta").Prefixes);
        Assert.Equal(new DateOnly(2018, 12, 31), Typing("talks to:2018").To);
    }

    private static Bulletin Item(string id, string title, string body, DateOnly? date) => new(id, "Test", title, [body], date);

    private static SearchQuery Typed(string text) => Parsed(SearchQueryParser.Parse(text));

    private static SearchQuery Typing(string text) => Parsed(SearchQueryParser.Parse(text, new SearchOptions { LastWordIsPrefix = true }));

    private static SearchQuery Parsed(QueryParseResult result)
    {
        Assert.True(result.Success, result.Error);
        return result.Query!;
    }

    private static List<string> Ids(Func<SearchQuery, int, int, SearchResults> search, SearchQuery query) =>
        [.. search(query, 0, 10).Hits.Select(h => h.BulletinId)];

    private Func<SearchQuery, int, int, SearchResults> Searcher(Engine engine, Bulletin[] items)
    {
        if (engine == Engine.InMemory)
        {
            var index = SearchIndex.Build(items);
            return index.SearchTolerant;
        }

        var path = Path.Combine(_folder, "bulletins.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var half = items.Length / 2;
        var database = BulletinDatabase.Open(path);
        var store = new BulletinStore(database, time);
        var search = new BulletinSearch(store, new ListLogger<BulletinSearch>());
        store.UpsertBatch([.. items.Take(half)]);
        _ = search.Find(Typed("weather"), 0, 1);
        store.UpsertBatch([.. items.Skip(half)]);
        _ = search.Find(Typed("weather"), 0, 1);
        if (engine == Engine.PersistedSegments)
        {
            Assert.True(search.Index!.SegmentCount >= 2);
            _open.Add(database);
            _open.Add(search);
            return search.Find;
        }

        search.Dispose();
        database.Dispose();
        var reopened = BulletinDatabase.Open(path);
        var bulletinSearch = new BulletinSearch(new BulletinStore(reopened, time), new ListLogger<BulletinSearch>());
        _open.Add(reopened);
        _open.Add(bulletinSearch);
        return bulletinSearch.Find;
    }
}
