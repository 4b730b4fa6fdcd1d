using System.Diagnostics;
using BulletinBot.Core.Commands;
using SkiaSharp;

namespace BulletinBot.Charts.Tests;

/// <summary>
/// A chart draws its text on a machine with no fonts at all, as in the Docker image: the render runs again in a child
/// process whose font folder is an empty tmpfs (a mount namespace of its own), and must not find a single system font.
/// </summary>
public sealed class NoSystemFontsTests
{
    private const string NoFontsVariable = "BULLETINBOT_EXPECT_NO_FONTS";

    [Fact]
    public void A_chart_renders_its_text_in_the_shipped_font()
    {
        if (Environment.GetEnvironmentVariable(NoFontsVariable) == "1")
        {
            Assert.DoesNotContain(SKFontManager.Default.FontFamilies, family => family.Length > 0);
        }

        var chart = new ChartReply("Notícias por mês com «migração»", "Mês", "Notícias", ChartPeriod.Month,
            [new(new DateOnly(2018, 1, 1), "jan 2018", 2), new(new DateOnly(2018, 2, 1), "fev 2018", 5)], "Total: 7.");
        var png = ChartPicture.Png(chart);

        Assert.True(ChartPicture.IsPng(png));
        Assert.True(ShippedFont.IsShipped(ScottPlot.Fonts.GetTypeface(ShippedFont.Name, false, false)));
        using var typeface = ScottPlot.Fonts.GetTypeface(ShippedFont.Name, false, false);
        Assert.DoesNotContain((ushort)0, typeface.GetGlyphs(chart.Title + chart.PeriodAxis + chart.CountAxis));
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task The_render_passes_in_a_process_that_sees_no_system_fonts()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/usr/bin/unshare"),
            "needs Linux, root and unshare to give a child process an empty font folder");
        var assembly = typeof(NoSystemFontsTests).Assembly.Location;
        var filter = $"FullyQualifiedName~{nameof(NoSystemFontsTests)}.{nameof(A_chart_renders_its_text_in_the_shipped_font)}";
        var start = new ProcessStartInfo("/usr/bin/unshare")
        {
            ArgumentList =
            {
                "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs none /usr/share/fonts 2>/dev/null || exit 77; exec dotnet test \"$0\" --filter \"$1\"", assembly, filter,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [NoFontsVariable] = "1" },
        };

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Skip.If(child.ExitCode is 77 or 1 && (await errors).Contains("unshare", StringComparison.Ordinal), "mount namespaces are not allowed here");
        Assert.True(child.ExitCode == 0, $"exit {child.ExitCode}\n{await output}\n{await errors}");
        Assert.Contains("Passed: 1", (await output).Replace("Passed:     1", "Passed: 1", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
