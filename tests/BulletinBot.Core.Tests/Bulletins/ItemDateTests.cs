using BulletinBot.Core.Bulletins;
using static BulletinBot.Core.Tests.Bulletins.PageBuilder;

namespace BulletinBot.Core.Tests.Bulletins;

public sealed class ItemDateTests
{
    private static Bulletin Single(string firstParagraph) =>
        Assert.Single(BulletinParser.Parse(Page("A title", firstParagraph)).Items);

    [Theory]
    [InlineData("On August 9, 2018, the Cuban government acted.", "2018-08-09", null)]
    [InlineData("On January 22-23, 2018, the exchange was held.", "2018-01-22", "2018-01-23")]
    [InlineData("On January 22 \u2013 23, 2018, the exchange was held.", "2018-01-22", "2018-01-23")]
    [InlineData("From January 30 - February 2, 2018 the talks ran.", "2018-01-30", "2018-02-02")]
    [InlineData("Between December 30 - January 2, 2018 the talks ran.", "2017-12-30", "2018-01-02")]
    [InlineData("From December 30, 2017 - January 2, 2018 the talks ran.", "2017-12-30", "2018-01-02")]
    [InlineData("It continues the one held on September 15th, 2017.", "2017-09-15", null)]
    [InlineData("On September 13, 2018 a meeting took place.", "2018-09-13", null)]
    [InlineData("On September 1st 2018 a meeting took place.", "2018-09-01", null)]
    [InlineData("On Sept. 3, 2018, a meeting.", "2018-09-03", null)]
    [InlineData("On 9 August 2018 the hand-over happened.", "2018-08-09", null)]
    [InlineData("On 30 January - 2 February 2018 the talks ran.", "2018-01-30", "2018-02-02")]
    [InlineData("El 19 de marzo de 2023 se celebró la reunión.", "2023-03-19", null)]
    [InlineData("Estocolmo, 7 de marzo de 2023- La embajada informó.", "2023-03-07", null)]
    [InlineData("El 1ro de mayo de 2023 desfilaron.", "2023-05-01", null)]
    [InlineData("El 1º de mayo de 2023 desfilaron.", "2023-05-01", null)]
    [InlineData("Los días 22 y 23 de enero de 2018 sesionó.", "2018-01-22", "2018-01-23")]
    [InlineData("Del 30 de enero al 2 de febrero de 2018 sesionó.", "2018-01-30", "2018-02-02")]
    [InlineData("EL 5 DE SEPTIEMBRE DEL 2019 se firmó.", "2019-09-05", null)]
    [InlineData("Published 2019-04-05 by the embassy.", "2019-04-05", null)]
    [InlineData("ON AUGUST 9, 2018, IN HAVANA.", "2018-08-09", null)]
    [InlineData("Some 150 invitees met on Septiembre 5, 2019.", "2019-09-05", null)]
    [InlineData("On August 9, 2018, it happened; he arrived on July 31, 2018.", "2018-08-09", null)]
    [InlineData("In November 2015 a dialogue began, and on March 3, 2016 it met.", "2016-03-03", null)]
    [InlineData("On February 30, 2018 nothing; on March 1, 2018 the talks.", "2018-03-01", null)]
    [InlineData("On February 29, 2020, a leap-day meeting.", "2020-02-29", null)]
    public void The_first_date_of_the_first_paragraph_dates_the_item(string paragraph, string date, string? endDate)
    {
        var item = Single(paragraph);

        Assert.Equal(DateOnly.Parse(date), item.Date);
        Assert.Equal(endDate is null ? null : DateOnly.Parse(endDate), item.EndDate);
    }

    [Theory]
    [InlineData("The meeting was friendly and long.")]
    [InlineData("On February 30, 2018, a meeting that cannot have been.")]
    [InlineData("On February 29, 2019, a meeting that cannot have been.")]
    [InlineData("In November 2015 a dialogue began.")]
    [InlineData("Some 150 people and 2018 delegates attended.")]
    [InlineData("The date was set 15 days ahead.")]
    [InlineData("They met for 3 hours, then 2 more.")]
    public void An_item_without_a_real_date_is_kept_undated_with_a_warning(string paragraph)
    {
        var page = BulletinParser.Parse(Page("A title", paragraph));

        var item = Assert.Single(page.Items);
        Assert.Null(item.Date);
        Assert.Null(item.EndDate);
        Assert.Equal(BulletinId.Compute("Test desk", "A title", null), item.Id);
        Assert.Contains("A title", Assert.Single(page.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_first_paragraph_dates_an_item()
    {
        var page = BulletinParser.Parse(Page("A title", "No date here.", "On May 2, 2020, a date."));

        Assert.Null(Assert.Single(page.Items).Date);
    }

    [Fact]
    public void A_date_without_a_year_takes_the_year_that_fits_between_its_neighbours()
    {
        var page = BulletinParser.Parse(Page(
            "Newer", "On January 19, 2018, newer.",
            "Middle", "They met on January 18 at the embassy.",
            "Older", "On December 20, 2017, older."));

        Assert.Equal(new DateOnly(2018, 1, 18), page.Items[1].Date);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void A_date_without_a_year_after_a_new_year_goes_back_a_year()
    {
        var page = BulletinParser.Parse(Page(
            "Newer", "On January 5, 2018, newer.",
            "Middle", "They met on December 28 at the embassy.",
            "Older", "On November 20, 2017, older."));

        Assert.Equal(new DateOnly(2017, 12, 28), page.Items[1].Date);
    }

    [Fact]
    public void A_date_without_a_year_and_only_a_newer_neighbour_takes_its_year_or_the_one_before()
    {
        var page = BulletinParser.Parse(Page(
            "Newer", "On March 2, 2018, newer.",
            "Same year", "They met on January 18 at the embassy.",
            "Year before", "They met on December 18 at the embassy."));

        Assert.Equal(new DateOnly(2018, 1, 18), page.Items[1].Date);
        Assert.Equal(new DateOnly(2017, 12, 18), page.Items[2].Date);
    }

    [Fact]
    public void A_date_without_a_year_and_only_an_older_neighbour_takes_its_year_or_the_next()
    {
        var page = BulletinParser.Parse(Page(
            "Next year", "They met on January 3 at the embassy.",
            "Same year", "They met on December 28 at the embassy.",
            "Older", "On December 20, 2017, older."));

        Assert.Equal(new DateOnly(2018, 1, 3), page.Items[0].Date);
        Assert.Equal(new DateOnly(2017, 12, 28), page.Items[1].Date);
    }

    [Fact]
    public void A_yearless_range_gets_the_inferred_year_on_both_ends()
    {
        var page = BulletinParser.Parse(Page(
            "Newer", "On March 2, 2018, newer.",
            "Range", "They met on January 22-23 in Florida."));

        Assert.Equal(new DateOnly(2018, 1, 22), page.Items[1].Date);
        Assert.Equal(new DateOnly(2018, 1, 23), page.Items[1].EndDate);
    }

    [Fact]
    public void A_yearless_leap_day_finds_the_nearest_leap_year()
    {
        var page = BulletinParser.Parse(Page(
            "Newer", "On March 2, 2019, newer.",
            "Leap", "They met on February 29 at the embassy."));

        Assert.Equal(new DateOnly(2016, 2, 29), page.Items[1].Date);
    }

    [Fact]
    public void A_date_without_a_year_and_no_dated_neighbour_stays_undated_with_a_warning()
    {
        var page = BulletinParser.Parse(Page("Alone", "They met on January 18 at the embassy."));

        Assert.Null(Assert.Single(page.Items).Date);
        Assert.Contains("January 18 without a year", Assert.Single(page.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_without_a_year_that_no_year_fits_between_out_of_order_neighbours_stays_undated()
    {
        var page = BulletinParser.Parse(Page(
            "Newer", "On January 19, 2017, newer.",
            "Middle", "They met on June 18 at the embassy.",
            "Older", "On December 20, 2017, older."));

        Assert.Null(page.Items[1].Date);
        Assert.Single(page.Warnings);
    }

    [Fact]
    public void A_range_whose_end_is_before_its_start_keeps_only_the_start()
    {
        var item = Single("On January 23-22, 2018, a typo.");

        Assert.Equal(new DateOnly(2018, 1, 23), item.Date);
        Assert.Null(item.EndDate);
    }
}
