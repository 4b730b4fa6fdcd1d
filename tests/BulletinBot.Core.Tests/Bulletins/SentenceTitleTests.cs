using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests.Bulletins;

/// <summary>
/// Made-up pages whose titles end like sentences (a full stop, a question mark, a closing quote) and run long, in the
/// four languages of the mission sites; and body paragraphs of one sentence that must stay body.
/// </summary>
public sealed class SentenceTitleTests
{
    private static (string Title, DateOnly? Date)[] Read(string page) =>
        BulletinParser.Parse(page).Items.Select(i => (i.Title, i.Date)).ToArray();

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private const string LongEnglishTitle =
        "Statement by the Ministry of Foreign Affairs of Cuba on the decision of the government of the United States to keep Cuba "
        + "on its list of states that allegedly sponsor terrorism, a list that has no legitimacy and no basis in fact.";

    [Fact]
    public void An_english_page_with_long_titles_ending_in_a_full_stop_a_question_mark_and_a_quote()
    {
        var page = $"""
            Cuba in Canada

            Solidarity groups meet the ambassador in Ottawa

            On May 14, 2024 the ambassador met solidarity groups.

            The meeting ended with a concert.

            {LongEnglishTitle}

            The Ministry of Foreign Affairs rejects in the firmest terms the decision announced on May 12, 2024 by the State Department. Cuba is not a sponsor of terrorism, and the government that keeps it on that list knows it well. The list serves only to tighten the blockade, to frighten banks and shipping lines, and to deny the Cuban people fuel, food and medicine. The whole world knows it.

            Why does the blockade still stand after sixty years of failure and thirty-two votes against it at the United Nations?

            The question was asked at a forum held in Toronto on 2 May 2024. Speakers from both countries answered it at length, from trade to travel. They agreed on little, except that the policy has failed.

            "We will never give up our sovereignty," the Cuban ambassador told students at the University of Toronto.

            The ambassador spoke to the students on April 30, 2024, in a hall full to the doors. She answered their questions on the blockade, on travel and on the economy. They thanked her and asked her back.
            """;

        Assert.Equal(
            [("Solidarity groups meet the ambassador in Ottawa", D(2024, 5, 14)), (LongEnglishTitle, D(2024, 5, 12)),
             ("Why does the blockade still stand after sixty years of failure and thirty-two votes against it at the United Nations?", D(2024, 5, 2)),
             ("\"We will never give up our sovereignty,\" the Cuban ambassador told students at the University of Toronto.", D(2024, 4, 30))],
            Read(page));
    }

    [Fact]
    public void A_spanish_page_with_a_long_declaration_title_and_a_dateline_after_a_semicolon()
    {
        var page = """
            Cuba en España

            Declaración del Ministerio de Relaciones Exteriores de Cuba ante la decisión del gobierno de los Estados Unidos de mantener a Cuba en la lista de Estados que supuestamente patrocinan el terrorismo.

            El Ministerio rechaza en los términos más firmes la decisión anunciada el 12 de mayo de 2024 por el Departamento de Estado. Cuba no patrocina el terrorismo, y el gobierno que la mantiene en esa lista lo sabe bien. La lista solo sirve para reforzar el bloqueo, asustar a bancos y navieras, y negar al pueblo cubano combustible, alimentos y medicinas. ¿Quién puede creerlo?

            Caravana «Puentes de Amor» recorre Madrid en rechazo al bloqueo.

            Madrid; 28 de abril de 2024 - Cientos de cubanos y amigos de Cuba recorrieron la ciudad en bicicleta.

            ¿Hasta cuándo el bloqueo?

            Se preguntó en un foro celebrado en Sevilla el 20 de abril de 2024. Respondieron ponentes de ambos países. Coincidieron en poco.
            """;

        Assert.Equal(
            [("Declaración del Ministerio de Relaciones Exteriores de Cuba ante la decisión del gobierno de los Estados Unidos de mantener a Cuba en la lista de Estados que supuestamente patrocinan el terrorismo.", D(2024, 5, 12)),
             ("Caravana «Puentes de Amor» recorre Madrid en rechazo al bloqueo.", D(2024, 4, 28)),
             ("¿Hasta cuándo el bloqueo?", D(2024, 4, 20))],
            Read(page));
    }

    [Fact]
    public void A_french_page_with_a_long_title_and_a_quoted_title_ending_in_a_full_stop()
    {
        var page = """
            Cuba en France

            Déclaration du ministère des Relations extérieures de Cuba sur la décision du gouvernement des États-Unis de maintenir Cuba sur la liste des États qui soutiendraient le terrorisme.

            Le ministère rejette dans les termes les plus fermes la décision annoncée le 12 mai 2024 par le département d’État. Cuba ne soutient pas le terrorisme, et le gouvernement qui la maintient sur cette liste le sait bien. Cette liste ne sert qu’à durcir le blocus et à priver le peuple cubain de carburant, de vivres et de médicaments. Le monde entier le sait.

            « Nous ne céderons pas », affirme l’ambassadeur devant les étudiants de Lyon.

            L’ambassadeur a rencontré les étudiants de Lyon le 30 avril 2024. Il a parlé du blocus. Les étudiants ont posé des questions.
            """;

        Assert.Equal(
            [("Déclaration du ministère des Relations extérieures de Cuba sur la décision du gouvernement des États-Unis de maintenir Cuba sur la liste des États qui soutiendraient le terrorisme.", D(2024, 5, 12)),
             ("« Nous ne céderons pas », affirme l’ambassadeur devant les étudiants de Lyon.", D(2024, 4, 30))],
            Read(page));
    }

    [Fact]
    public void A_portuguese_page_with_a_long_title_ending_in_a_full_stop_and_single_newlines()
    {
        var page = "Cuba no Brasil\n"
            + "Declaração do Ministério das Relações Exteriores de Cuba sobre a decisão do governo dos Estados Unidos de manter Cuba na lista de Estados que supostamente patrocinam o terrorismo.\n"
            + "O Ministério rejeita nos termos mais firmes a decisão anunciada em 12 de maio de 2024 pelo Departamento de Estado. Cuba não patrocina o terrorismo, e o governo que a mantém nessa lista sabe disso muito bem. A lista só serve para reforçar o bloqueio e negar ao povo cubano combustível, alimentos e remédios. O mundo inteiro sabe disso.\n"
            + "Brigada de solidariedade parte para Cuba.\n"
            + "Brasília; 28 de abril de 2024 - A brigada partiu para Havana com doações.\n";

        Assert.Equal(
            [("Declaração do Ministério das Relações Exteriores de Cuba sobre a decisão do governo dos Estados Unidos de manter Cuba na lista de Estados que supostamente patrocinam o terrorismo.", D(2024, 5, 12)),
             ("Brigada de solidariedade parte para Cuba.", D(2024, 4, 28))],
            Read(page));
    }

    [Theory]
    [InlineData("The meeting ended with a concert.", "The delegation thanked the hosts for their warm welcome in the city, and it left for Havana on the evening flight.")]
    [InlineData("The meeting ended with a long concert of Cuban music in the hall.", "The delegation thanked the hosts. It left for Havana.")]
    [InlineData("The meeting ended. A concert followed.", "The delegation thanked the hosts for their warm welcome in the city. It left for Havana on the evening flight.")]
    public void A_body_sentence_stays_body_unless_a_much_longer_paragraph_of_several_sentences_follows(string sentence, string paragraph)
    {
        var page = BulletinParser.Parse($"Cuba in Canada\n\nDelegation visits Ottawa\n\nOn May 14, 2024 the delegation arrived.\n\n{sentence}\n\n{paragraph}\n");

        var item = Assert.Single(page.Items);
        Assert.Equal(["On May 14, 2024 the delegation arrived.", sentence, paragraph], item.Paragraphs);
    }

    [Fact]
    public void A_long_first_title_does_not_make_the_header_a_title()
    {
        var page = BulletinParser.Parse(
            $"Cuba in Canada\n\n{LongEnglishTitle}\n\nThe ministry rejects the decision announced on May 12, 2024, which has no basis in fact. Cuba is not a sponsor of terrorism. The whole world knows it, and says so at every vote of the General Assembly.\n");

        Assert.Equal("Cuba in Canada", page.Source);
        var item = Assert.Single(page.Items);
        Assert.Equal(LongEnglishTitle, item.Title);
        Assert.Equal(D(2024, 5, 12), item.Date);
    }

    [Fact]
    public void A_page_without_a_header_is_known_by_a_long_paragraph_of_several_sentences_after_its_first_line()
    {
        var page = BulletinParser.Parse(
            "Embassy hosts a forum on trade\n"
            + "The embassy hosted a forum on trade with business leaders from three provinces and two federal ministries. They discussed what the blockade costs both countries each year and how to reduce it.\n"
            + "Cultural week opens\nOn 20 April 2024 the week opened.\n");

        Assert.Equal(PageStructure.UntitledSource, page.Source);
        Assert.Equal(["Embassy hosts a forum on trade", "Cultural week opens"], page.Items.Select(i => i.Title));
    }

    [Fact]
    public void The_explanation_names_the_paragraph_that_makes_a_sentence_a_title()
    {
        var explanation = PageExplainer.Describe(
            $"Cuba in Canada\n\nTalks in Ottawa\n\nOn May 14, 2024 talks were held.\n\n{LongEnglishTitle}\n\nThe ministry rejects in the firmest terms the decision announced by the State Department, which has no basis in fact. Cuba is not a sponsor of terrorism, and the government that keeps it on that list knows it well. The whole world knows it, and says so at every vote of the United Nations General Assembly, year after year, by an overwhelming majority.\n");

        var block = Assert.Single(explanation.Blocks, b => b.Text == LongEnglishTitle);
        Assert.Equal(BlockRole.Title, block.Role);
        Assert.Contains(block.Reasons, r => r.Contains("paragraph of 3 sentences, much longer", StringComparison.Ordinal));
        Assert.Contains(block.Reasons, r => r.Contains("ends with '.'", StringComparison.Ordinal));
    }
}
