using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests.Bulletins;

/// <summary>
/// Made-up pages shaped like the ones that misled the parser: a subtitle under a title, a salutation opening a speech,
/// a page whose first line is a title, and a place line above a dateline. Each cue is named by ingest --explain.
/// </summary>
public sealed class StructureCueTests
{
    private static (string Title, DateOnly? Date)[] Read(string page) =>
        BulletinParser.Parse(page).Items.Select(i => (i.Title, i.Date)).ToArray();

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private const string SubtitlePage = """
        Cuba in USA

        Embassy hosts a forum on trade

        On March 3, 2021, the embassy hosted a forum on trade with businesses from four states.

        The forum closed with a reception.

        Cuba rejects the new sanctions of the United States government.

        Declaration of the Ministry of Foreign Affairs

        Havana, March 1, 2021. The Ministry of Foreign Affairs strongly rejects the new sanctions announced today.

        Students visit the embassy

        On February 20, 2021, students from Maryland visited the embassy.
        """;

    [Fact]
    public void A_subtitle_naming_the_kind_of_document_is_not_the_title_and_the_title_above_it_is()
    {
        Assert.Equal(
            [("Embassy hosts a forum on trade", D(2021, 3, 3)), ("Cuba rejects the new sanctions of the United States government.", D(2021, 3, 1)),
             ("Students visit the embassy", D(2021, 2, 20))],
            Read(SubtitlePage));
        var first = BulletinParser.Parse(SubtitlePage).Items[0];
        Assert.Equal(2, first.Paragraphs.Count);
    }

    [Fact]
    public void A_salutation_opening_a_speech_is_part_of_the_speech()
    {
        var page = """
            Cuba en Naciones Unidas

            Speech by the Foreign Minister at the General Assembly

            New York, September 23, 2022.

            Distinguished Heads of Delegation:

            Cuba comes to this Assembly once again to ask for the end of the blockade. The world has said so thirty times.

            Embassy honours Martí

            On January 28, 2022, the embassy laid a wreath.
            """;

        Assert.Equal([("Speech by the Foreign Minister at the General Assembly", D(2022, 9, 23)), ("Embassy honours Martí", D(2022, 1, 28))], Read(page));
    }

    [Fact]
    public void A_spanish_salutation_is_part_of_the_speech_too()
    {
        var page = """
            Cuba en México

            Discurso del Embajador en la Universidad

            El 5 de mayo de 2023 el Embajador habló en la Universidad.

            Estimados estudiantes:

            Es un honor estar hoy con ustedes. Cuba agradece su solidaridad.
            """;

        Assert.Equal([("Discurso del Embajador en la Universidad", D(2023, 5, 5))], Read(page));
    }

    [Fact]
    public void A_first_line_that_is_a_title_is_not_taken_for_the_header()
    {
        var page = """
            Embassy hosts a forum on trade with businesses from four states

            The embassy hosted a forum on trade, with thirty guests.

            Students visit the embassy

            On February 20, 2021, students from Maryland visited the embassy.
            """;

        var parsed = BulletinParser.Parse(page);

        Assert.Equal(PageStructure.UntitledSource, parsed.Source);
        Assert.Equal(["Embassy hosts a forum on trade with businesses from four states", "Students visit the embassy"], parsed.Items.Select(i => i.Title));
    }

    [Fact]
    public void A_short_header_stays_the_header()
    {
        var page = """
            Articles

            Embassy hosts a forum on trade

            The embassy hosted a forum on trade, with thirty guests.
            """;

        Assert.Equal("Articles", BulletinParser.Parse(page).Source);
    }

    [Fact]
    public void A_place_line_above_a_dateline_belongs_to_the_item_below_the_title()
    {
        var page = """
            Cuba in Russia

            President attends the BRICS summit.

            Kazan, Russia

            October 23, 2024. The President of Cuba attended the BRICS summit as a partner country.

            Embassy honours Martí

            On January 28, 2024, the embassy laid a wreath.
            """;

        Assert.Equal([("President attends the BRICS summit.", D(2024, 10, 23)), ("Embassy honours Martí", D(2024, 1, 28))], Read(page));
    }

    [Fact]
    public void Ingest_explain_names_each_cue()
    {
        var subtitle = PageExplainer.Describe(SubtitlePage).Blocks.Single(b => b.Text.StartsWith("Declaration", StringComparison.Ordinal));
        Assert.Equal(BlockRole.Body, subtitle.Role);
        Assert.Contains(subtitle.Reasons, r => r.Contains("subtitle", StringComparison.Ordinal));

        var salutation = PageExplainer.Describe("Desk\n\nSpeech at the Assembly\n\nNew York, September 23, 2022.\n\nDistinguished Heads of Delegation:\n\nCuba asks again for the end of the blockade. The world agrees.\n")
            .Blocks.Single(b => b.Text.StartsWith("Distinguished", StringComparison.Ordinal));
        Assert.Contains(salutation.Reasons, r => r.Contains("salutation", StringComparison.Ordinal));

        var place = PageExplainer.Describe("Desk\n\nSummit held.\n\nKazan, Russia\n\nOctober 23, 2024. The summit was held.\n")
            .Blocks.Single(b => b.Text == "Kazan, Russia");
        Assert.Contains(place.Reasons, r => r.Contains("place line", StringComparison.Ordinal));
    }
}
