using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Tests.Dates;

public sealed class WhenParserTests
{
    private static readonly DateOnly Today = new(2024, 3, 15);

    private const string Hint =
        "Try a day like 2018-07-11, a month like 2018-07 or July 2018, a year like 2018, or a range like 2018-01-01..2018-03-31.";

    [Theory]
    [InlineData("2018-07-11", "2018-07-11", "2018-07-11")]
    [InlineData("2018/07/11", "2018-07-11", "2018-07-11")]
    [InlineData("2018-7-1", "2018-07-01", "2018-07-01")]
    [InlineData("11 July 2018", "2018-07-11", "2018-07-11")]
    [InlineData("July 11, 2018", "2018-07-11", "2018-07-11")]
    [InlineData("july 11 2018", "2018-07-11", "2018-07-11")]
    [InlineData("11th of July, 2018", "2018-07-11", "2018-07-11")]
    [InlineData("11 de julio de 2018", "2018-07-11", "2018-07-11")]
    [InlineData("1º de mayo de 2018", "2018-05-01", "2018-05-01")]
    [InlineData("  11  DE  JULIO  DEL  2018 ", "2018-07-11", "2018-07-11")]
    [InlineData("2018-07", "2018-07-01", "2018-07-31")]
    [InlineData("2018-02", "2018-02-01", "2018-02-28")]
    [InlineData("2020/02", "2020-02-01", "2020-02-29")]
    [InlineData("July 2018", "2018-07-01", "2018-07-31")]
    [InlineData("julio 2018", "2018-07-01", "2018-07-31")]
    [InlineData("julio de 2018", "2018-07-01", "2018-07-31")]
    [InlineData("jul 2018", "2018-07-01", "2018-07-31")]
    [InlineData("Sept. 2018", "2018-09-01", "2018-09-30")]
    [InlineData("dic 2018", "2018-12-01", "2018-12-31")]
    [InlineData("2018", "2018-01-01", "2018-12-31")]
    [InlineData("9999-12", "9999-12-01", "9999-12-31")]
    [InlineData("2018-01-01..2018-03-31", "2018-01-01", "2018-03-31")]
    [InlineData("2018-01..2018-03", "2018-01-01", "2018-03-31")]
    [InlineData("2017..2018", "2017-01-01", "2018-12-31")]
    [InlineData("enero 2018 .. 15 de marzo de 2018", "2018-01-01", "2018-03-15")]
    [InlineData("2018-03-05..2018-03", "2018-03-05", "2018-03-31")]
    [InlineData("2018-03-05\u20262018-03-06", "2018-03-05", "2018-03-06")]
    [InlineData("novembro 2022", "2022-11-01", "2022-11-30")]
    [InlineData("novembro de 2022", "2022-11-01", "2022-11-30")]
    [InlineData("15 de novembro de 2022", "2022-11-15", "2022-11-15")]
    [InlineData("1º de janeiro de 2023", "2023-01-01", "2023-01-01")]
    [InlineData("set. 2022", "2022-09-01", "2022-09-30")]
    [InlineData("5 de out. de 2022", "2022-10-05", "2022-10-05")]
    [InlineData("fev 2020", "2020-02-01", "2020-02-29")]
    [InlineData("março de 2019 .. dez. 2019", "2019-03-01", "2019-12-31")]
    public void Days_months_years_and_ranges_are_read(string text, string from, string to)
    {
        var result = WhenParser.Parse(text, Today);

        Assert.True(result.Success, result.Error);
        Assert.Null(result.Error);
        Assert.Equal(new DateRange(DateOnly.Parse(from), DateOnly.Parse(to)), result.Range);
    }

    [Theory]
    [InlineData("today", "2024-03-15", "2024-03-15")]
    [InlineData("Hoy", "2024-03-15", "2024-03-15")]
    [InlineData("yesterday", "2024-03-14", "2024-03-14")]
    [InlineData("AYER", "2024-03-14", "2024-03-14")]
    [InlineData("hoje", "2024-03-15", "2024-03-15")]
    [InlineData("ontem", "2024-03-14", "2024-03-14")]
    [InlineData("this month", "2024-03-01", "2024-03-31")]
    [InlineData("este mes", "2024-03-01", "2024-03-31")]
    [InlineData("last month", "2024-02-01", "2024-02-29")]
    [InlineData("el mes pasado", "2024-02-01", "2024-02-29")]
    [InlineData("this year", "2024-01-01", "2024-12-31")]
    [InlineData("este año", "2024-01-01", "2024-12-31")]
    [InlineData("last year", "2023-01-01", "2023-12-31")]
    [InlineData("el año pasado", "2023-01-01", "2023-12-31")]
    [InlineData("last month..today", "2024-02-01", "2024-03-15")]
    public void Keywords_are_relative_to_today(string text, string from, string to) =>
        Assert.Equal(new DateRange(DateOnly.Parse(from), DateOnly.Parse(to)), WhenParser.Parse(text, Today).Range);

    [Fact]
    public void Last_month_in_January_is_December_of_the_year_before() =>
        Assert.Equal(
            new DateRange(new DateOnly(2023, 12, 1), new DateOnly(2023, 12, 31)),
            WhenParser.Parse("last month", new DateOnly(2024, 1, 10)).Range);

    [Theory]
    [InlineData("JULY 2018")]
    [InlineData("Julio 2018")]
    [InlineData("júlio 2018")]
    [InlineData("JUL. 2018")]
    public void Month_names_ignore_case_and_accents(string text) =>
        Assert.Equal(new DateRange(new DateOnly(2018, 7, 1), new DateOnly(2018, 7, 31)), WhenParser.Parse(text, Today).Range);

    [Fact]
    public void An_impossible_day_says_how_long_the_month_is()
    {
        var result = WhenParser.Parse("2018-02-30", Today);

        Assert.False(result.Success);
        Assert.Equal($"2018-02-30 is not a real date (February 2018 has 28 days). {Hint}", result.Error);
    }

    [Theory]
    [InlineData("30 de febrero de 2020", "February 2020 has 29 days")]
    [InlineData("April 31, 2018", "April 2018 has 30 days")]
    [InlineData("2018-13", "months run from 1 to 12")]
    [InlineData("2018-00-10", "months run from 1 to 12")]
    [InlineData("0000", "years start at 1")]
    public void Impossible_dates_are_explained(string text, string reason)
    {
        var result = WhenParser.Parse(text, Today);

        Assert.Null(result.Range);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.StartsWith(text, result.Error, StringComparison.Ordinal);
        Assert.EndsWith(Hint, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_date_is_quoted_back_with_what_is_accepted() =>
        Assert.Equal($"I don't know the date \"Foo 2018\". {Hint}", WhenParser.Parse("Foo 2018", Today).Error);

    [Theory]
    [InlineData("July 11")]
    [InlineData("11/07/2018")]
    [InlineData("20180711")]
    [InlineData("tomorrow")]
    [InlineData("٢٠١٨")]
    public void Forms_outside_the_language_are_errors_not_guesses(string text)
    {
        var result = WhenParser.Parse(text, Today);

        Assert.False(result.Success);
        Assert.Contains(Hint, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reversed_range_is_an_error()
    {
        var result = WhenParser.Parse("2018-03..2018-01", Today);

        Assert.False(result.Success);
        Assert.Contains("runs backwards", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2018..")]
    [InlineData("..2018")]
    [InlineData("2017..2018..2019")]
    public void A_range_needs_exactly_two_ends(string text) =>
        Assert.Contains("A range is two dates", WhenParser.Parse(text, Today).Error, StringComparison.Ordinal);

    [Fact]
    public void A_bad_side_of_a_range_is_named()
    {
        var result = WhenParser.Parse("2018-01-01..2018-02-30", Today);

        Assert.StartsWith("2018-02-30 is not a real date", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_input_asks_for_a_date(string text) =>
        Assert.Equal($"Tell me which date. {Hint}", WhenParser.Parse(text, Today).Error);

    [Fact]
    public void Ten_thousand_characters_are_refused_fast_without_echoing_them()
    {
        var text = string.Concat(Enumerable.Repeat("2018-01..", 1200));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = WhenParser.Parse(text, Today);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1));
        Assert.False(result.Success);
        Assert.True(result.Error!.Length < 300);
        Assert.Contains("too long", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_follows_the_range()
    {
        Assert.True(new WhenResult(DateRange.Day(Today), null).Success);
        Assert.False(new WhenResult(null, "no").Success);
    }
}
