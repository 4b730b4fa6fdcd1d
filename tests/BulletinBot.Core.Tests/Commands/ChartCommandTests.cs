using BulletinBot.Core.Chats;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Tests.Commands;

/// <summary>chart counts items per month, per year over long spans, of the archive or a search, in the reader's words.</summary>
public sealed class ChartCommandTests
{
    private static ChatContext Spanish => ChatContext.Terminal with { Language = Languages.Spanish };

    [Fact]
    public async Task The_seed_archive_is_eight_months_with_none_from_march_to_may()
    {
        using var archive = await Archive.WithSeedsAsync();

        var chart = Assert.IsType<ChartReply>(await archive.AskAsync("chart"));

        Assert.Equal(ChartPeriod.Month, chart.Period);
        Assert.Equal(["Jan 2018", "Feb 2018", "Mar 2018", "Apr 2018", "May 2018", "Jun 2018", "Jul 2018", "Aug 2018"], chart.Bars.Select(b => b.Label));
        Assert.Equal([3, 1, 0, 0, 0, 1, 2, 1], chart.Bars.Select(b => b.Count));
        Assert.Equal(archive.Store.Count(), chart.Total);
        Assert.Equal(("Items per month", "Month", "Items"), (chart.Title, chart.PeriodAxis, chart.CountAxis));
        Assert.Equal("Total: 8 (January 2018 to August 2018).", chart.Caption);
    }

    [Fact]
    public async Task A_search_charts_only_its_matches_and_dates_alone_chart_the_archive_in_them()
    {
        using var archive = await Archive.WithSeedsAsync();

        var search = Assert.IsType<ChartReply>(await archive.AskAsync("chart migration"));
        var dated = Assert.IsType<ChartReply>(await archive.AskAsync("chart from:2018-01 to:2018-06"));

        Assert.Equal("Items per month matching “migration”", search.Title);
        Assert.Equal([("Jul 2018", 1)], search.Bars.Select(b => (b.Label, b.Count)));
        Assert.Equal(["Jan 2018", "Feb 2018", "Mar 2018", "Apr 2018", "May 2018", "Jun 2018"], dated.Bars.Select(b => b.Label));
        Assert.Equal(5, dated.Total);
    }

    [Fact]
    public async Task Past_three_years_a_bar_is_a_year_and_empty_years_between_are_kept()
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch([
            TestData.Item("First", TestData.Day(2015, 3, 1)),
            TestData.Item("Second", TestData.Day(2015, 9, 1)),
            TestData.Item("Third", TestData.Day(2019, 2, 1)),
            TestData.Item("Undated", null),
        ]);

        var chart = Assert.IsType<ChartReply>(await archive.AskAsync("chart"));

        Assert.Equal(ChartPeriod.Year, chart.Period);
        Assert.Equal([("2015", 2), ("2016", 0), ("2017", 0), ("2018", 0), ("2019", 1)], chart.Bars.Select(b => (b.Label, b.Count)));
        Assert.Equal(("Items per year", "Year"), (chart.Title, chart.PeriodAxis));
        Assert.Equal("Total: 3 (March 2015 to February 2019). Undated, not shown: 1.", chart.Caption);
    }

    [Fact]
    public async Task Thirty_six_months_are_still_months()
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch([TestData.Item("First", TestData.Day(2016, 1, 5)), TestData.Item("Last", TestData.Day(2018, 12, 5))]);

        var chart = Assert.IsType<ChartReply>(await archive.AskAsync("chart"));

        Assert.Equal(ChartPeriod.Month, chart.Period);
        Assert.Equal(ChartCommand.MaxMonthlyBars, chart.Bars.Count);
    }

    [Fact]
    public async Task Grafico_speaks_spanish_with_spanish_month_labels()
    {
        using var archive = await Archive.WithSeedsAsync();

        var chart = Assert.IsType<ChartReply>(await archive.AskAsync("grafico migration", Spanish));

        Assert.Equal("Noticias por mes con «migration»", chart.Title);
        Assert.Equal(("Mes", "Noticias"), (chart.PeriodAxis, chart.CountAxis));
        Assert.Equal("jul 2018", Assert.Single(chart.Bars).Label);
        Assert.Equal("Total: 1 (de julio de 2018 a julio de 2018).", chart.Caption);
    }

    [Theory]
    [InlineData("graphique")]
    [InlineData("gráfico")]
    [InlineData("/chart")]
    public async Task Other_words_for_chart_are_understood(string word)
    {
        using var archive = await Archive.WithSeedsAsync();

        Assert.IsType<ChartReply>(await archive.AskAsync(word));
    }

    [Fact]
    public async Task Nothing_to_chart_is_an_empty_answer_and_a_bad_query_says_why()
    {
        using var empty = new Archive();
        using var archive = await Archive.WithSeedsAsync();

        var none = Assert.IsType<ErrorReply>(await empty.AskAsync("chart"));
        var nothing = Assert.IsType<ErrorReply>(await archive.AskAsync("chart zzzqqq"));
        var bad = Assert.IsType<ErrorReply>(await archive.AskAsync("chart talks from:2019 to:2018"));
        var excluded = Assert.IsType<ErrorReply>(await archive.AskAsync("chart -talks"));

        Assert.True(none.IsEmptyResult);
        Assert.Equal(BotText.English.ChartNothingDated, none.Problem);
        Assert.True(nothing.IsEmptyResult);
        Assert.False(bad.IsEmptyResult);
        Assert.Contains("swap them", bad.Problem, StringComparison.Ordinal);
        Assert.Contains("not only what to leave out", excluded.Problem, StringComparison.Ordinal);
    }
}
