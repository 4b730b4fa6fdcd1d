using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests.Bulletins;

/// <summary>Made-up pages in the forms real pages use, in the four languages of the mission sites.</summary>
public sealed class SyntheticPageTests
{
    private static (string Title, DateOnly? Date)[] Read(string page) =>
        BulletinParser.Parse(page).Items.Select(i => (i.Title, i.Date)).ToArray();

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void A_spanish_page_with_datelines_ordinals_ranges_and_a_missing_de()
    {
        var page = """
            Cuba en México

            ¿Qué busca la nueva ley?

            MÉXICO, 9 de marzo de 2019.- La embajada presentó el informe.

            Jornada de solidaridad en Monterrey

            Los días 12-14 de julio de 2018 se reunieron los comités.

            Celebran el Día de los Trabajadores.

            El lunes 1ro de junio y martes 2 de junio de 2018 desfilaron.

            Encuentro con la comunidad cubana

            El 17 agosto de 2017 se celebró el encuentro.
            """;

        Assert.Equal(
            [("¿Qué busca la nueva ley?", D(2019, 3, 9)), ("Jornada de solidaridad en Monterrey", D(2018, 7, 12)),
             ("Celebran el Día de los Trabajadores.", D(2018, 6, 1)), ("Encuentro con la comunidad cubana", D(2017, 8, 17))],
            Read(page));
    }

    [Fact]
    public void A_french_page_with_single_newlines_and_a_photo_caption()
    {
        var page = "Cuba en France\nL’ambassadeur rencontre des étudiants\nPhoto : Ambassade de Cuba\nParis, le 1er juin 2021.- L’ambassadeur a rencontré des étudiants.\n"
            + "« Cuba ne cédera pas »\nLe 3 mars 2021, le ministre a déclaré que Cuba ne cédera pas.\nJournée culturelle à Lyon\nDu 12 au 14 févr. 2021 se tint une journée culturelle.\n";

        Assert.Equal(
            [("L’ambassadeur rencontre des étudiants", D(2021, 6, 1)), ("« Cuba ne cédera pas »", D(2021, 3, 3)), ("Journée culturelle à Lyon", D(2021, 2, 12))],
            Read(page));
    }

    [Fact]
    public void A_portuguese_page_with_a_subtitle_and_a_yearless_date()
    {
        var page = """
            Cuba no Brasil

            Embaixada celebra o aniversário da Revolução

            Declaração do Ministério das Relações Exteriores

            Brasília, 2 de janeiro de 2020.- A embaixada celebrou o aniversário.

            Encontro com amigos de Cuba

            No dia 28 de dezembro, a embaixada recebeu amigos de Cuba.

            Doação de medicamentos

            Em 1º de dezembro de 2019 foi entregue a doação.
            """;

        Assert.Equal(
            [("Embaixada celebra o aniversário da Revolução", D(2020, 1, 2)), ("Encontro com amigos de Cuba", D(2019, 12, 28)),
             ("Doação de medicamentos", D(2019, 12, 1))],
            Read(page));
    }

    [Fact]
    public void A_portuguese_page_with_datelines_in_november_and_the_abbreviations_set_and_out()
    {
        var page = """
            Cuba em Portugal

            Embaixada recebe amigos de Cuba

            Lisboa, 5 de novembro de 2022.- A embaixada recebeu amigos de Cuba.

            Encontro com estudantes

            Porto, 15 set. 2022 - A embaixada recebeu estudantes da universidade.

            Jornada cultural

            No dia 3 de out de 2022 teve lugar a jornada cultural.
            """;

        Assert.Equal(
            [("Embaixada recebe amigos de Cuba", D(2022, 11, 5)), ("Encontro com estudantes", D(2022, 9, 15)), ("Jornada cultural", D(2022, 10, 3))],
            Read(page));
    }

    [Fact]
    public void Set_and_out_in_english_prose_are_no_months()
    {
        var page = """
            Sports desk

            Team sets records

            The team set 15 records this season and went out 12 times, on 2 out of 2019 nights.
            """;

        Assert.Equal([("Team sets records", (DateOnly?)null)], Read(page));
    }

    [Fact]
    public void An_english_page_with_no_header_day_first_dates_abbreviations_and_a_title_ending_in_a_period()
    {
        var page = """
            Embassy hosts a forum on trade.
            Ottawa, 14 May 2024.- The embassy hosted a forum.
            Cuban doctors honoured in Toronto
            On Sept. 5, 2023 doctors were honoured.
            A statement with no date
            The embassy issued a statement.
            Solidarity caravan arrives
            On 9 nov 2022 the caravan arrived.
            """;

        var parsed = BulletinParser.Parse(page);

        Assert.Equal(PageStructure.UntitledSource, parsed.Source);
        Assert.Equal(
            [("Embassy hosts a forum on trade.", D(2024, 5, 14)), ("Cuban doctors honoured in Toronto", D(2023, 9, 5)),
             ("A statement with no date", null), ("Solidarity caravan arrives", D(2022, 11, 9))],
            parsed.Items.Select(i => (i.Title, i.Date)).ToArray());
    }

    [Fact]
    public void An_english_page_with_ordinals_and_a_spanish_date_inside()
    {
        var page = """
            Cuba in Canada

            Talks held in Ottawa

            On March 3rd, 2021 the talks were held.

            Cultural week

            On 2nd October, 2020 the week opened.

            Meeting with the Spanish community

            El 1ro de septiembre de 2020 the community met.
            """;

        Assert.Equal(
            [("Talks held in Ottawa", D(2021, 3, 3)), ("Cultural week", D(2020, 10, 2)), ("Meeting with the Spanish community", D(2020, 9, 1))],
            Read(page));
    }

    [Fact]
    public void An_item_a_few_days_out_of_order_keeps_its_year_but_one_weeks_away_from_both_neighbours_stays_undated()
    {
        var page = PageBuilder.Page(
            "Newer", "On November 6, 2018, newer.",
            "Two days late", "They met on November 8 at the embassy.",
            "Far out of order", "They met on March 2 at the embassy.",
            "Older", "On October 1, 2018, older.");

        var items = BulletinParser.Parse(page).Items;

        Assert.Equal(D(2018, 11, 8), items[1].Date);
        Assert.Null(items[2].Date);
    }

    [Fact]
    public void A_yearless_date_reaches_across_an_undated_item_for_its_year()
    {
        var page = PageBuilder.Page(
            "Dated", "On July 10, 2018, dated.",
            "Undated", "No date stands here.",
            "Yearless", "They met on July 2 at the embassy.");

        var items = BulletinParser.Parse(page).Items;

        Assert.Null(items[1].Date);
        Assert.Equal(D(2018, 7, 2), items[2].Date);
    }
}
