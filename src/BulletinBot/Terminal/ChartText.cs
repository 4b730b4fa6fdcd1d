using System.Globalization;
using BulletinBot.Core.Commands;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BulletinBot.Terminal;

/// <summary>A chart in the terminal: a Spectre.Console bar chart for a person, plain lines of '#' for pipes and <c>ask</c>.</summary>
internal static class ChartText
{
    /// <summary>The longest plain bar; the others are scaled to it.</summary>
    private const int PlainWidth = 40;

    public static IEnumerable<IRenderable> Rendered(ChartReply chart)
    {
        yield return new Markup($"[bold]{Escape(chart.Title)}[/]");
        yield return new Markup($"[dim]{Escape(chart.PeriodAxis)} · {Escape(chart.CountAxis)}[/]");
        var bars = new BarChart();
        foreach (var bar in chart.Bars)
        {
            bars.AddItem(TerminalText.Clean(bar.Label), bar.Count, Color.SteelBlue);
        }

        yield return bars;
        yield return new Markup(Escape(chart.Caption));
    }

    public static IEnumerable<string> Plain(ChartReply chart)
    {
        var most = Math.Max(1, chart.Bars.Max(b => b.Count));
        var labelWidth = chart.Bars.Max(b => b.Label.Length);
        yield return TerminalText.Clean(chart.Title);
        yield return $"{TerminalText.Clean(chart.PeriodAxis).PadRight(labelWidth)}  {TerminalText.Clean(chart.CountAxis)}";
        foreach (var bar in chart.Bars)
        {
            var length = bar.Count == 0 ? 0 : Math.Max(1, (int)Math.Round(bar.Count * (double)PlainWidth / most));
            yield return $"{TerminalText.Clean(bar.Label).PadRight(labelWidth)}  {new string('#', length)}{(length == 0 ? "" : " ")}{bar.Count.ToString(CultureInfo.InvariantCulture)}";
        }

        yield return TerminalText.Clean(chart.Caption);
    }

    private static string Escape(string text) => Markup.Escape(TerminalText.Clean(text));
}
