using BulletinBot.Core.Commands;
using BulletinBot.Terminal;

namespace BulletinBot.Tests.Terminal;

/// <summary>A chart in the terminal: a bar chart within the window for a person, plain lines of # for pipes and ask.</summary>
public sealed class ChartTextTests
{
    private static readonly ChartReply Chart = new("Noticias por mes", "Mes", "Noticias", ChartPeriod.Month,
        [new(new DateOnly(2018, 1, 1), "ene 2018", 4), new(new DateOnly(2018, 2, 1), "feb 2018", 0), new(new DateOnly(2018, 3, 1), "mar 2018", 1)],
        "Total: 5 (de enero de 2018 a marzo de 2018).");

    [Fact]
    public async Task Plain_lines_scale_the_longest_bar_to_forty_and_keep_empty_periods()
    {
        using var output = new StringWriter();
        await new PlainTextRenderer(output).WriteAsync(Chart, CancellationToken.None);

        Assert.Equal(
            ["Noticias por mes", "Mes       Noticias", "ene 2018  " + new string('#', 40) + " 4", "feb 2018  0", "mar 2018  ########## 1", "Total: 5 (de enero de 2018 a marzo de 2018)."],
            output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task The_bar_chart_fits_the_window_with_a_bar_per_period()
    {
        using var output = new StringWriter();
        await new ConsoleRenderer(output, () => 60, ansi: false).WriteAsync(Chart, CancellationToken.None);
        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 60, $"too long: \"{line}\""));
        Assert.Equal("Noticias por mes", lines[0]);
        Assert.Single(lines, l => l.StartsWith("ene 2018", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 4", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("feb 2018", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("mar 2018", StringComparison.Ordinal));
        Assert.Equal("Total: 5 (de enero de 2018 a marzo de 2018).", lines[^1].TrimEnd());
    }
}
