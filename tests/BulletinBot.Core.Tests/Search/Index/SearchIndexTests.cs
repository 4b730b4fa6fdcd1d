using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Tests.Search.Index;

public sealed class SearchIndexTests
{
    internal static Bulletin Item(string id, string title, string body, DateOnly? date = null) =>
        new(id, "Test", title, [body], date);

    private static SearchQuery Q(string text)
    {
        var result = SearchQueryParser.Parse(text);
        Assert.True(result.Success, result.Error);
        return result.Query!;
    }

    private static List<string> Ids(SearchIndex index, string text, int skip = 0, int take = 10) =>
        [.. index.Search(Q(text), skip, take).Hits.Select(h => h.BulletinId)];

    private static readonly DateOnly Day = new(2018, 3, 1);

    [Fact]
    public void Finds_by_stemmed_accent_insensitive_terms()
    {
        var index = SearchIndex.Build([
            Item("a", "Migration talks resume", "Delegations met in Havana.", Day),
            Item("b", "Nuevas migraciones", "El ministro Cossío habló.", Day),
            Item("c", "Weather", "Sunny all week.", Day),
        ]);

        Assert.Equal(["a"], Ids(index, "talk"));
        Assert.Equal(["b"], Ids(index, "MIGRACIÓN"));
        Assert.Equal(["b"], Ids(index, "cossio"));
        Assert.Equal(["a"], Ids(index, "migration talks havana"));
        Assert.Empty(Ids(index, "migration weather"));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void A_title_match_beats_a_body_match()
    {
        var index = SearchIndex.Build([
            Item("body", "Other news of the day", "The embassy reopened after a long pause in relations.", Day),
            Item("title", "Embassy reopened", "After a long pause the building opened its doors again.", Day),
        ]);

        Assert.Equal(["title", "body"], Ids(index, "embassy"));
    }

    [Fact]
    public void Rarer_terms_weigh_more()
    {
        var items = Enumerable.Range(0, 20)
            .Select(i => Item($"filler{i}", "Daily report", "common words here", Day))
            .Append(Item("rare", "Report", "common zeppelin", Day))
            .Append(Item("common", "Report", "common common", Day))
            .ToList();
        var index = SearchIndex.Build(items);
        var results = index.Search(Q("zeppelin"), 0, 10);
        Assert.Equal("rare", Assert.Single(results.Hits).BulletinId);
        var commonScore = index.Search(Q("common"), 0, 1).Hits[0].Score;
        Assert.True(results.Hits[0].Score > commonScore);
    }

    [Fact]
    public void Ties_break_by_newer_date_then_id()
    {
        var index = SearchIndex.Build([
            Item("b", "Same title", "Same body", new DateOnly(2018, 1, 1)),
            Item("z", "Same title", "Same body", new DateOnly(2019, 1, 1)),
            Item("a", "Same title", "Same body", new DateOnly(2018, 1, 1)),
            Item("u", "Same title", "Same body"),
        ]);

        Assert.Equal(["z", "a", "b", "u"], Ids(index, "same"));
    }

    [Fact]
    public void Phrases_need_adjacent_words_and_match_across_a_stop_word()
    {
        var index = SearchIndex.Build([
            Item("adjacent", "Talks", "The migration talks ended.", Day),
            Item("apart", "Talks", "The migration of birds talks.", Day),
            Item("across", "Talks", "Talks in Havana ended.", Day),
        ]);

        Assert.Equal(["adjacent"], Ids(index, "\"migration talks\""));
        Assert.Equal(["across"], Ids(index, "\"talks in havana\""));
        Assert.Equal(2, index.Search(Q("migration talks"), 0, 10).Total);
    }

    [Fact]
    public void A_phrase_does_not_run_from_title_into_body()
    {
        var index = SearchIndex.Build([Item("x", "Talks about migration", "Havana hosted them.", Day)]);
        Assert.Empty(Ids(index, "\"migration havana\""));
        Assert.Equal(["x"], Ids(index, "\"about migration\""));
    }

    [Fact]
    public void Exclusions_remove_matches()
    {
        var index = SearchIndex.Build([
            Item("keep", "Talks resume", "In Havana.", Day),
            Item("drop", "Talks cancelled", "In Havana.", Day),
            Item("dropphrase", "Talks", "At the White House.", Day),
        ]);

        Assert.Equal(["dropphrase", "keep"], Ids(index, "talks -cancelled").Order());
        Assert.Equal(["drop", "keep"], Ids(index, "talks -\"white house\"").Order());
        var results = index.Search(Q("talks -cancelled -\"white house\""), 0, 10);
        Assert.Equal(1, results.Total);
        Assert.True(results.TotalIsExact);
    }

    [Fact]
    public void Date_filters_use_the_bulletin_date_and_drop_undated_ones()
    {
        var index = SearchIndex.Build([
            Item("jan", "Talks", "x", new DateOnly(2018, 1, 15)),
            Item("mar", "Talks", "x", new DateOnly(2018, 3, 31)),
            Item("apr", "Talks", "x", new DateOnly(2018, 4, 1)),
            Item("old", "Talks", "x", new DateOnly(2016, 4, 1)),
            Item("undated", "Talks", "x"),
        ]);

        Assert.Equal(["mar", "jan"], Ids(index, "talks from:2018-01-01 to:2018-03-31"));
        Assert.Equal(["apr", "mar", "jan"], Ids(index, "talks from:2018"));
        Assert.Equal(["old"], Ids(index, "talks to:2017"));
        Assert.Equal(["mar"], Ids(index, "talks from:2018-03 to:2018-03"));
        Assert.Equal(5, index.Search(Q("talks"), 0, 10).Total);
        Assert.Equal(2, index.Search(Q("talks from:2018-01-01 to:2018-03-31"), 0, 10).Total);
    }

    [Fact]
    public void Pages_are_disjoint_in_order_and_equal_one_big_page()
    {
        var random = new Random(7);
        var items = Enumerable.Range(0, 300)
            .Select(i => Item($"id{i:D3}", $"Report {random.Next(5)}", string.Join(' ', Enumerable.Repeat("talks", 1 + random.Next(5))) + " filler", new DateOnly(2010 + random.Next(10), 1, 1)))
            .ToList();
        var index = SearchIndex.Build(items);
        var all = index.Search(Q("talks"), 0, 100).Hits;
        var paged = Enumerable.Range(0, 10).SelectMany(p => index.Search(Q("talks"), p * 10, 10).Hits).ToList();
        Assert.Equal(all, paged);
        Assert.Equal(100, paged.Select(h => h.BulletinId).Distinct().Count());
        Assert.Equal(300, index.Search(Q("talks"), 290, 10).Total);
        Assert.Equal(10, index.Search(Q("talks"), 290, 10).Hits.Count);
        Assert.Empty(index.Search(Q("talks"), 300, 10).Hits);
        Assert.Empty(index.Search(Q("talks"), 0, 0).Hits);
    }

    [Fact]
    public void Upsert_adds_and_replaces_by_id()
    {
        var index = SearchIndex.Build([Item("a", "Talks", "In Havana.", Day)]);
        index.Upsert(Item("b", "New talks", "In Madrid.", Day));
        Assert.Equal(2, index.Count);
        Assert.Equal(["b"], Ids(index, "madrid"));

        index.Upsert(Item("a", "Embassy", "Reopened.", Day));
        Assert.Equal(2, index.Count);
        Assert.Empty(Ids(index, "havana"));
        Assert.Equal(["a"], Ids(index, "embassy"));
        Assert.Equal(["b"], Ids(index, "talks"));
        Assert.Equal(1, index.Search(Q("talks"), 0, 10).Total);
    }

    [Fact]
    public void Upsert_into_an_empty_index_works()
    {
        var index = SearchIndex.Build([]);
        Assert.Empty(Ids(index, "talks"));
        index.Upsert(Item("a", "Talks", "In Havana.", Day));
        Assert.Equal(["a"], Ids(index, "talks"));
    }

    [Fact]
    public void Remove_drops_a_bulletin()
    {
        var index = SearchIndex.Build([Item("a", "Talks", "Havana", Day), Item("b", "Talks", "Madrid", Day)]);
        Assert.True(index.Remove("a"));
        Assert.False(index.Remove("a"));
        Assert.False(index.Remove("nope"));
        Assert.Equal(1, index.Count);
        Assert.Equal(["b"], Ids(index, "talks"));
        var results = index.Search(Q("talks"), 0, 10);
        Assert.Equal(1, results.Total);
        Assert.True(results.TotalIsExact);
        Assert.Empty(Ids(index, "havana"));
    }

    [Fact]
    public void Removing_everything_leaves_an_empty_index()
    {
        var index = SearchIndex.Build([Item("a", "Talks", "Havana", Day)]);
        Assert.True(index.Remove("a"));
        Assert.Equal(0, index.Count);
        Assert.Empty(Ids(index, "talks"));
        index.Upsert(Item("a", "Talks", "Havana", Day));
        Assert.Equal(["a"], Ids(index, "talks"));
    }

    [Fact]
    public void Duplicate_ids_in_a_build_keep_the_last()
    {
        var index = SearchIndex.Build([Item("a", "Talks", "Havana", Day), Item("a", "Embassy", "Madrid", Day)]);
        Assert.Equal(1, index.Count);
        Assert.Empty(Ids(index, "talks"));
        Assert.Equal(["a"], Ids(index, "embassy"));
    }

    [Fact]
    public void Many_upserts_merge_segments_and_keep_every_document()
    {
        var index = SearchIndex.Build(Enumerable.Range(0, 50).Select(i => Item($"base{i}", "Base talks", $"number n{i}", Day)));
        for (var i = 0; i < 500; i++)
        {
            index.Upsert(Item($"new{i}", "Fresh talks", $"number n{i}", Day.AddDays(i)));
        }

        for (var i = 0; i < 500; i += 3)
        {
            index.Upsert(Item($"new{i}", "Edited", $"number n{i}", Day.AddDays(i)));
        }

        Assert.Equal(550, index.Count);
        Assert.True(index.SegmentCount <= 12, $"{index.SegmentCount} segments");
        Assert.Equal(550 - 167, index.Search(Q("talks"), 0, 10).Total);
        Assert.Equal(167, index.Search(Q("edited"), 0, 10).Total);
        Assert.Equal(["new499"], Ids(index, "n499"));
        Assert.Equal(["new3", "base3"], Ids(index, "n3"));
        var before = index.Search(Q("talks number"), 0, 50).Hits;
        index.Optimize();
        Assert.Equal(1, index.SegmentCount);
        Assert.Equal(before, index.Search(Q("talks number"), 0, 50).Hits);
    }

    [Fact]
    public async Task Searches_run_while_a_writer_upserts()
    {
        var index = SearchIndex.Build(Enumerable.Range(0, 200).Select(i => Item($"b{i}", "Talks", $"body {i}", Day)));
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var query = Q("talks");
            while (!stop.IsCancellationRequested)
            {
                var results = index.Search(query, 0, 10);
                Assert.Equal(10, results.Hits.Count);
                Assert.True(results.Total >= 200);
            }
        })).ToArray();

        for (var i = 0; i < 300; i++)
        {
            index.Upsert(Item($"n{i}", "More talks", $"body {i}", Day));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(500, index.Count);
    }
}
