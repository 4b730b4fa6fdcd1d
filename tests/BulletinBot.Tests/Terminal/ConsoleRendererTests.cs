using BulletinBot.Core.Text;
using BulletinBot.Core.Commands;
using BulletinBot.Terminal;

namespace BulletinBot.Tests.Terminal;

/// <summary>The terminal renderer on a fixed width, as a person at an 60-column terminal sees it.</summary>
public sealed class ConsoleRendererTests
{
    private static readonly BulletinCard Card = new(
        "kj18ax4",
        new MarkedText([new TextSpan("Migration", true), new TextSpan(" talks between Cuba and the United States held in Washington D.C.", false)]),
        new DateOnly(2018, 7, 11),
        null,
        "Cuba in USA",
        new MarkedText([new TextSpan("On July 11, 2018, a new round of ", false), new TextSpan("migration", true), new TextSpan(" talks was held between the delegations from Cuba and the United States.", false)]));

    private static readonly ListReply List = new(
        "Search: migration",
        [Card],
        new ListPage(6, 6, 6, new ReplyAction(ReplyActionKind.PreviousPage, "0a1b2c3d"), null),
        []);

    [Fact]
    public async Task Lines_wrap_at_word_boundaries_within_the_width_and_titles_too()
    {
        var lines = await RenderAsync(List, width: 60, ansi: false);

        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 60, $"too long: \"{line}\""));
        Assert.Contains(lines, l => l.Contains("kj18ax4 2018-07-11  Migration talks between Cuba and", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("        United States held in Washington D.C.", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Unit ed", StringComparison.Ordinal) || l.EndsWith("Washingt", StringComparison.Ordinal));
        Assert.Equal("Showing 6-6 of 6. Type previous to go back.", lines.Last(l => l.Trim().Length > 0).Trim());
    }

    [Fact]
    public async Task Colour_codes_do_not_count_toward_the_width_and_matches_are_highlighted()
    {
        var plain = await RenderAsync(List, width: 60, ansi: false);
        var coloured = await RenderAsync(List, width: 60, ansi: true);

        Assert.Equal(plain.Count, coloured.Count);
        Assert.Contains(coloured, l => l.Contains("\u001b[", StringComparison.Ordinal) && l.Contains("migration", StringComparison.Ordinal));
        Assert.Equal(plain.Select(l => l.TrimEnd()), coloured.Select(StripAnsi).Select(l => l.TrimEnd()));
    }

    [Fact]
    public async Task A_narrower_width_is_honoured_on_the_next_reply()
    {
        var width = 80;
        using var output = new StringWriter();
        var renderer = new ConsoleRenderer(output, () => width, ansi: false);

        await renderer.WriteAsync(List, CancellationToken.None);
        var wide = output.ToString().Split('\n').Length;
        width = 40;
        await renderer.WriteAsync(List, CancellationToken.None);
        var narrowLines = output.ToString().Split('\n').Skip(wide - 1).ToList();

        Assert.All(narrowLines, l => Assert.True(l.TrimEnd().Length <= 40, l));
        Assert.True(narrowLines.Count > wide);
    }

    [Fact]
    public async Task Escape_sequences_control_characters_and_bidi_overrides_never_reach_the_screen()
    {
        var reply = new ErrorReply("Nothing matches \u001b[2J\u001b]0;owned\u0007 \u202Eevil [red]x[/].", "Try other words.");

        var text = string.Join('\n', await RenderAsync(reply, width: 80, ansi: true));

        Assert.DoesNotContain("\u001b[2J", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b]", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0007', text);
        Assert.DoesNotContain('\u202E', text);
        Assert.Contains("␛[2J", StripAnsi(text), StringComparison.Ordinal);
        Assert.Contains("[red]x[/]", StripAnsi(text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lines_wrap_under_their_description()
    {
        var help = new HelpReply("Commands:", CommandCatalog.All);

        var lines = await RenderAsync(help, width: 50, ansi: false);

        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 50, l));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("search <query>", StringComparison.Ordinal));
    }

    private static async Task<List<string>> RenderAsync(Reply reply, int width, bool ansi)
    {
        using var output = new StringWriter();
        await new ConsoleRenderer(output, () => width, ansi).WriteAsync(reply, CancellationToken.None);
        return output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n').Split('\n').ToList();
    }

    private static string StripAnsi(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", string.Empty);
}
