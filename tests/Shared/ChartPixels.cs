using SkiaSharp;

namespace BulletinBot.TestPages;

/// <summary>Reads a drawn chart back: how many bars it shows.</summary>
internal static class ChartPixels
{
    /// <summary>The bars' fill colour in the pictures the bot draws.</summary>
    public static readonly SKColor BarColour = new(0x2E, 0x6F, 0xB5);

    /// <summary>
    /// The most separate runs of the bars' colour on one row of pixels: each bar with items crosses the rows just
    /// above the axis, so that is how many bars the picture shows.
    /// </summary>
    public static int BarRuns(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        var most = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            var (runs, inside) = (0, false);
            for (var x = 0; x < bitmap.Width; x++)
            {
                var bar = bitmap.GetPixel(x, y) == BarColour;
                runs += bar && !inside ? 1 : 0;
                inside = bar;
            }

            most = Math.Max(most, runs);
        }

        return most;
    }
}
