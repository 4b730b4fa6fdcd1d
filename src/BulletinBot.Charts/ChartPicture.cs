using BulletinBot.Core.Commands;
using ScottPlot;

namespace BulletinBot.Charts;

/// <summary>
/// Draws a <see cref="ChartReply"/> as a PNG: one bar per period, the reader's title and axis labels, in the shipped
/// font. What the platforms send as a photo (Telegram) or an attachment (Discord).
/// </summary>
public static class ChartPicture
{
    public const int Width = 1000;
    public const int Height = 560;

    /// <summary>Past this many bars not every bar has a label: every second, third... so the labels never overlap.</summary>
    private const int MaxLabels = 18;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The chart as PNG bytes.</summary>
    public static byte[] Png(ChartReply chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ShippedFont.Register();
        using var plot = new Plot();
        plot.Font.Set(ShippedFont.Name);

        var bars = chart.Bars.Select((bar, i) => new Bar
        {
            Position = i,
            Value = bar.Count,
            FillColor = new Color(0x2E, 0x6F, 0xB5),
            LineWidth = 0,
            Size = 0.8,
        }).ToList();
        plot.Add.Bars(bars);

        var step = (chart.Bars.Count + MaxLabels - 1) / MaxLabels;
        var ticks = chart.Bars.Select((bar, i) => (bar, i)).Where(t => t.i % step == 0)
            .Select(t => new Tick(t.i, t.bar.Label)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = chart.Period == ChartPeriod.Month ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = chart.Period == ChartPeriod.Month ? Alignment.MiddleRight : Alignment.UpperCenter;
        // Room under the axis for slanted labels, so they never run into the axis's own label.
        plot.Axes.Bottom.MinimumSize = chart.Period == ChartPeriod.Month ? 95 : 0;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        plot.Title(chart.Title);
        plot.XLabel(chart.PeriodAxis);
        plot.YLabel(chart.CountAxis);
        plot.Axes.Margins(bottom: 0, top: 0.1);
        plot.Axes.SetLimitsX(-0.6, chart.Bars.Count - 0.4);

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Whether <paramref name="bytes"/> start as a PNG file does.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(PngSignature);
}
