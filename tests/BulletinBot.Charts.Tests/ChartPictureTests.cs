using BulletinBot.Core.Commands;
using BulletinBot.TestPages;
using SkiaSharp;

namespace BulletinBot.Charts.Tests;

/// <summary>The PNG a chart is sent as: a real PNG, one bar drawn per period that has items, its text in the shipped font.</summary>
public sealed class ChartPictureTests
{
    private static ChartReply Months(params int[] counts) => new(
        "Noticias por mes", "Mes", "Noticias", ChartPeriod.Month,
        [.. counts.Select((count, i) => new ChartBar(new DateOnly(2018, 1, 1).AddMonths(i), $"{Spanish[i % 12]} {2018 + i / 12}", count))],
        "caption");

    private static readonly string[] Spanish = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

    [Fact]
    public void A_chart_is_a_png_of_the_size_asked_for()
    {
        var png = ChartPicture.Png(Months(3, 1, 4));

        Assert.True(ChartPicture.IsPng(png));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((ChartPicture.Width, ChartPicture.Height), (bitmap.Width, bitmap.Height));
        Assert.InRange(png.Length, 1_000, 10 * 1024 * 1024);
    }

    [Theory]
    [InlineData(new[] { 3, 1, 4 }, 3)]
    [InlineData(new[] { 5, 0, 2, 7, 0, 1 }, 4)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36 }, 36)]
    public void Every_period_with_items_is_one_bar(int[] counts, int drawn)
    {
        using var bitmap = SKBitmap.Decode(ChartPicture.Png(Months(counts)));

        Assert.Equal(drawn, ChartPixels.BarRuns(bitmap));
    }

    [Fact]
    public void Text_is_drawn_in_the_shipped_font_which_has_every_letter_of_the_four_languages()
    {
        ChartPicture.Png(Months(2, 2));

        // What ScottPlot draws a chart's text with (it keeps the typeface it resolved for the name).
        Assert.Equal(ShippedFont.Name, ScottPlot.Fonts.Default);
        Assert.True(ShippedFont.IsShipped(ScottPlot.Fonts.GetTypeface(ShippedFont.Name, false, false)), "the regular text's font is not the shipped one");
        Assert.True(ShippedFont.IsShipped(ScottPlot.Fonts.GetTypeface(ShippedFont.Name, true, false)), "the title's font is not the shipped one");
        using var typeface = ShippedFont.Typeface();
        Assert.Equal(ShippedFont.Name, typeface.FamilyName);
        Assert.DoesNotContain((ushort)0, typeface.GetGlyphs("Notícias por mês Año Mois févr. août déc. «»“”ção"));
    }

    [Fact]
    public void Labels_past_eighteen_bars_are_thinned_but_every_bar_is_drawn()
    {
        using var bitmap = SKBitmap.Decode(ChartPicture.Png(Months([.. Enumerable.Repeat(1, 30)])));

        Assert.Equal(30, ChartPixels.BarRuns(bitmap));
    }
}
