using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Tests.Search.Query;

public sealed class SearchQueryParserTests
{
    private static SearchQuery Ok(string text)
    {
        var result = SearchQueryParser.Parse(text);
        Assert.True(result.Success, result.Error);
        Assert.Null(result.Error);
        return result.Query!;
    }

    private static string Fails(string text)
    {
        var result = SearchQueryParser.Parse(text);
        Assert.False(result.Success);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        return result.Error!;
    }

    [Fact]
    public void Terms_are_normalised_stemmed_and_distinct()
    {
        var query = Ok("Migration TALKS talk migraciones Cossío");
        Assert.Equal(["migration", "talk", "migracion", "cossio"], query.Terms);
        Assert.Empty(query.Phrases);
        Assert.Empty(query.Excluded);
        Assert.Equal(["Migration", "TALKS", "talk", "migraciones", "Cossío"], query.HighlightWords);
    }

    [Fact]
    public void Stop_words_are_dropped_from_terms()
    {
        var query = Ok("the talks of la migración");
        Assert.Equal(["talk", "migracion"], query.Terms);
    }

    [Fact]
    public void Phrases_keep_inner_stop_words_and_trim_outer_ones()
    {
        var query = Ok("\"the talks in Havana\" embassy");
        Assert.Equal(["embassy"], query.Terms);
        var phrase = Assert.Single(query.Phrases);
        Assert.Equal(["talk", "in", "havana"], phrase);
    }

    [Fact]
    public void A_one_word_phrase_is_a_term()
    {
        var query = Ok("\"talks\"");
        Assert.Equal(["talk"], query.Terms);
        Assert.Empty(query.Phrases);
    }

    [Fact]
    public void Exclusions_of_words_and_phrases()
    {
        var query = Ok("talks -cancelled -\"white house\"");
        Assert.Equal(["talk"], query.Terms);
        Assert.Equal(["cancelled"], query.Excluded);
        Assert.Equal(["whit", "hous"], Assert.Single(query.ExcludedPhrases));
    }

    [Fact]
    public void A_dash_inside_a_word_is_not_an_exclusion()
    {
        var query = Ok("well-known talks");
        Assert.Equal(["well", "known", "talk"], query.Terms);
        Assert.Empty(query.Excluded);
    }

    [Theory]
    [InlineData("talks from:2018-01-15", 2018, 1, 15, null, null, null)]
    [InlineData("talks from:2018-02", 2018, 2, 1, null, null, null)]
    [InlineData("talks to:2018-02", null, null, null, 2018, 2, 28)]
    [InlineData("talks to:2016", null, null, null, 2016, 12, 31)]
    [InlineData("FROM:2018 TO:2018-03-31 talks", 2018, 1, 1, 2018, 3, 31)]
    public void Date_filters(string text, int? fy, int? fm, int? fd, int? ty, int? tm, int? td)
    {
        var query = Ok(text);
        Assert.Equal(fy is null ? null : new DateOnly(fy.Value, fm!.Value, fd!.Value), query.From);
        Assert.Equal(ty is null ? null : new DateOnly(ty.Value, tm!.Value, td!.Value), query.To);
        Assert.Equal(["talk"], query.Terms);
    }

    [Theory]
    [InlineData("talks from:2018-13-01")]
    [InlineData("talks from:yesterday")]
    [InlineData("talks to:")]
    public void Bad_dates_get_a_clear_error(string text) => Assert.Contains("date", Fails(text));

    [Fact]
    public void From_after_to_is_an_error() => Assert.Contains("after", Fails("talks from:2019 to:2018"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! ,,, ...")]
    [InlineData("\"\"")]
    [InlineData("from:2018")]
    public void Nothing_to_search_for_is_a_helpful_error(string text) =>
        Assert.Equal(SearchQueryParser.EmptyQueryError, Fails(text));

    [Theory]
    [InlineData("the of la de")]
    [InlineData("\"the\"")]
    [InlineData("the and of")]
    public void Only_common_words_says_so(string text) =>
        Assert.Equal(SearchQueryParser.OnlyCommonWordsError, Fails(text));

    [Fact]
    public void Only_exclusions_is_an_error() =>
        Assert.Equal(SearchQueryParser.OnlyExclusionsError, Fails("-talks -\"white house\""));

    [Fact]
    public void Too_many_words_is_an_error_not_a_slow_search()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"word{i}"));
        Assert.Contains("16", Fails(text));
    }

    [Fact]
    public void Sixteen_words_are_fine() =>
        Assert.Equal(16, Ok(string.Join(' ', Enumerable.Range(0, 16).Select(i => $"w{i}x"))).Terms.Count);

    [Fact]
    public void A_huge_query_is_refused_at_once()
    {
        var text = string.Concat(Enumerable.Repeat("talks ", 2000));
        Assert.Contains("too long", Fails(text));
    }

    [Fact]
    public void A_huge_single_word_is_cut_to_the_term_limit()
    {
        var query = Ok(new string('a', 900));
        Assert.Equal(TextAnalyzer.MaxTermLength, Assert.Single(query.Terms).Length);
    }

    [Fact]
    public void An_unbalanced_quote_runs_to_the_end()
    {
        var query = Ok("embassy \"talks in Havana");
        Assert.Equal(["embassy"], query.Terms);
        Assert.Equal(["talk", "in", "havana"], Assert.Single(query.Phrases));
    }

    [Theory]
    [InlineData("<b>talks</b>", new[] { "b", "talk" })]
    [InlineData("**talks** _havana_", new[] { "talk", "havana" })]
    [InlineData("@everyone talks", new[] { "everyon", "talk" })]
    [InlineData("`talks` [link](http://x)", new[] { "talk", "link", "http", "x" })]
    public void Markup_characters_are_just_separators(string text, string[] expected) =>
        Assert.Equal(expected, Ok(text).Terms);

    [Theory]
    [InlineData("-")]
    [InlineData("- -")]
    [InlineData("\"")]
    [InlineData("-\"")]
    [InlineData("—")]
    public void Odd_input_never_throws(string text) => Assert.False(SearchQueryParser.Parse(text).Success);
}
