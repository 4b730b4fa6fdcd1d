using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests.Bulletins;

public sealed class BulletinIdTests
{
    private static readonly DateOnly Day = new(2018, 8, 9);

    [Fact]
    public void An_id_is_the_base32_sha256_of_the_normalised_key()
    {
        // Expected values were computed outside .NET from sha256("cuba in usa\n<title>\n<date>").
        Assert.Equal("c05rwex3w5ptpq8h", BulletinId.Compute("Cuba in USA", "Cuba hands over a US citizen claimed by Interpol", Day));
        Assert.Equal("b2vmt8yyemnksme7", BulletinId.Compute("Cuba in USA", "Carlos Fernández de Cossío", null));
    }

    [Theory]
    [InlineData("Carlos Fernández de Cossío", "carlos fernandez de cossio")]
    [InlineData("Carlos Ferna\u0301ndez de Cossi\u0301o", "carlos fernandez de cossio")]
    [InlineData("  Cuba\u00A0\u00A0hands\tover ", "cuba hands over")]
    [InlineData("Cuba’s “talks” – ok", "cuba's \"talks\" - ok")]
    [InlineData("Cuba´s talks", "cuba's talks")]
    [InlineData("Œuvre ﬁnale straße", "oeuvre finale strasse")]
    [InlineData("ÑANDÚ Ł", "nandu l")]
    [InlineData("Ｃｕｂａ", "cuba")]
    public void Normalise_folds_cosmetic_differences(string text, string expected) =>
        Assert.Equal(expected, BulletinId.Normalise(text));

    [Fact]
    public void Cosmetic_edits_to_a_title_keep_its_id()
    {
        var id = BulletinId.Compute("Cuba in USA", "Technical exchange between Cuba's Border Guard and the Coast Guard", Day);

        Assert.Equal(id, BulletinId.Compute("Cuba\u00A0in USA ", "Technical  exchange between Cuba’s Border Guard and the COAST GUARD", Day));
    }

    [Fact]
    public void Different_titles_dates_or_sources_give_different_ids()
    {
        var id = BulletinId.Compute("Cuba in USA", "Talks", Day);

        Assert.NotEqual(id, BulletinId.Compute("Cuba in USA", "Talks held", Day));
        Assert.NotEqual(id, BulletinId.Compute("Cuba in USA", "Talks", Day.AddDays(1)));
        Assert.NotEqual(id, BulletinId.Compute("Cuba in USA", "Talks", null));
        Assert.NotEqual(id, BulletinId.Compute("Cuba in UK", "Talks", Day));
    }

    [Fact]
    public void Ids_use_the_unambiguous_alphabet_and_shorten_to_seven()
    {
        var id = BulletinId.Compute("s", "t", null);

        Assert.Equal(BulletinId.FullLength, id.Length);
        Assert.True(BulletinId.LooksLikeId(id));
        Assert.DoesNotContain(id, c => "ilou".Contains(c, StringComparison.Ordinal));
        Assert.Equal(id[..BulletinId.ShortLength], BulletinId.Shorten(id));
    }
}
