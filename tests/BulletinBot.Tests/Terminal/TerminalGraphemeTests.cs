using System.Text;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Text;
using BulletinBot.Terminal;
using BulletinBot.TestText;

namespace BulletinBot.Tests.Terminal;

/// <summary>Titles and teasers of emoji, flags, skin tones, ZWJ sequences and combining marks, as the terminal shows them.</summary>
public sealed class TerminalGraphemeTests
{
    private static readonly string[] Hardest = ["👩‍👩‍👧‍👦", "🇪🇸", "👍🏽", "a\u0308\u0323", "1️⃣"];

    [Fact]
    public async Task Both_terminal_renderers_never_show_half_a_character()
    {
        foreach (var piece in Hardest)
        {
            var run = string.Concat(Enumerable.Repeat(piece, 300 / piece.Length + 1));
            for (var shift = 1; shift <= 300; shift++)
            {
                // The cut the handler makes (the card's teaser), at every offset inside the piece.
                var title = new string('x', shift) + run;
                var card = new BulletinCard("k3j9x2a", MarkedText.Plain(TextCut.Shorten(title, 120)), new DateOnly(2018, 7, 11), null, "Source",
                    MarkedText.Plain(TextCut.Shorten(title, 220)));
                var list = new ListReply(title, [card], new ListPage(1, 1, 1, null, null), []);

                foreach (var text in new[] { await PlainAsync(list), await ConsoleAsync(list) })
                {
                    Assert.False(TextCut.HasLoneSurrogate(text), "a lone surrogate");
                    Graphemes.AssertNoBrokenPiece(text);
                    Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)));
                }
            }
        }
    }

    private static async Task<string> PlainAsync(Reply reply)
    {
        using var output = new StringWriter();
        await new PlainTextRenderer(output).WriteAsync(reply, CancellationToken.None);
        return output.ToString();
    }

    private static async Task<string> ConsoleAsync(Reply reply)
    {
        using var output = new StringWriter();
        await new ConsoleRenderer(output, () => 80, ansi: false).WriteAsync(reply, CancellationToken.None);
        return output.ToString();
    }
}
