using System.Text.RegularExpressions;
using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Tests.Dates;

public sealed class MonthNamesTests
{
    [Fact]
    public void The_regex_alternation_and_the_lookup_hold_the_same_names()
    {
        var inPattern = MonthNames.Pattern.Split('|').Concat(MonthNames.DayAndYearOnly.Split('|'));

        Assert.Equal(inPattern.Order(StringComparer.Ordinal), MonthNames.AllNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_name_is_matched_whole_by_the_alternation()
    {
        var whole = new Regex("^(?:" + MonthNames.Pattern + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        Assert.All(MonthNames.AllNames.Except(MonthNames.DayAndYearOnly.Split('|')), name => Assert.Matches(whole, name.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("january", 1)]
    [InlineData("ENE", 1)]
    [InlineData("Feb", 2)]
    [InlineData("marzo", 3)]
    [InlineData("abr", 4)]
    [InlineData("May", 5)]
    [InlineData("mayo", 5)]
    [InlineData("junio", 6)]
    [InlineData("jul", 7)]
    [InlineData("ago", 8)]
    [InlineData("sept", 9)]
    [InlineData("setiembre", 9)]
    [InlineData("Octubre", 10)]
    [InlineData("nov", 11)]
    [InlineData("dic", 12)]
    [InlineData("December", 12)]
    public void English_and_Spanish_names_and_abbreviations_map_to_their_month(string name, int month)
    {
        Assert.True(MonthNames.TryGetMonth(name, out var found));
        Assert.Equal(month, found);
    }

    [Theory]
    [InlineData("janeiro", 1)]
    [InlineData("fev", 2)]
    [InlineData("março", 3)]
    [InlineData("abr", 4)]
    [InlineData("mai", 5)]
    [InlineData("junho", 6)]
    [InlineData("julho", 7)]
    [InlineData("ago", 8)]
    [InlineData("setembro", 9)]
    [InlineData("set", 9)]
    [InlineData("outubro", 10)]
    [InlineData("out", 10)]
    [InlineData("novembro", 11)]
    [InlineData("dez", 12)]
    [InlineData("dezembro", 12)]
    public void Portuguese_names_and_abbreviations_map_to_their_month(string name, int month)
    {
        Assert.True(MonthNames.TryGetMonth(name, out var found));
        Assert.Equal(month, found);
    }

    [Fact]
    public void Abbreviations_that_are_common_words_are_kept_out_of_the_prose_alternation()
    {
        var whole = new Regex("^(?:" + MonthNames.Pattern + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        Assert.DoesNotMatch(whole, "set");
        Assert.DoesNotMatch(whole, "out");
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("")]
    [InlineData("janu")]
    public void Other_words_are_not_months(string name) => Assert.False(MonthNames.TryGetMonth(name, out _));

    [Fact]
    public void Every_month_has_an_English_name_for_messages() =>
        Assert.Equal("February", MonthNames.EnglishName(2));
}
