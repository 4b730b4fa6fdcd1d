using System.Text;
using System.Text.Json;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Text;
using BulletinBot.Discord.Interactions;
using BulletinBot.Discord.Rendering;
using BulletinBot.TestText;

namespace BulletinBot.Discord.Tests.Rendering;

/// <summary>Titles and teasers of emoji, flags, skin tones, ZWJ sequences and combining marks, cut by every limit of the renderer.</summary>
public sealed class GraphemeCutTests
{
    private static IEnumerable<string> Shifted()
    {
        foreach (var piece in Graphemes.Pieces)
        {
            var run = string.Concat(Enumerable.Repeat(piece, 400 / piece.Length + 1));
            for (var shift = 1; shift <= 300; shift++)
            {
                yield return new string('x', shift) + run;
            }
        }

        foreach (var title in Graphemes.Titles())
        {
            for (var length = 1; length <= 300; length++)
            {
                // Titles that are themselves 1 to 300 units of whole graphemes, most starting with an emoji or a mark.
                if (TextCut.Floor(title, length) is var end and > 0)
                {
                    yield return title[..end];
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value)),
        _ => [],
    };

    [Fact]
    public void Embeds_messages_and_autocomplete_choices_never_show_half_a_character()
    {
        foreach (var title in Shifted())
        {
            var card = new BulletinCard("k3j9x2a", MarkedText.Plain(title), new DateOnly(2018, 7, 11), null, title,
                new MarkedText([new TextSpan(title, false), new TextSpan("match", true), new TextSpan(title, false)]));
            var item = new BulletinItem("k3j9x2a", title, new DateOnly(2018, 7, 11), null, title, [title, string.Concat(Enumerable.Repeat(title + " ", 20))]);
            var messages = DiscordRenderer.Render(new ListReply(title, [card, card], new ListPage(1, 2, 2, null, null), [title]))
                .Concat(DiscordRenderer.Item(item))
                .Append(DiscordRenderer.Error(new ErrorReply(title, title), ephemeral: true));
            var texts = messages.SelectMany(m => Strings(JsonSerializer.SerializeToElement(m)))
                .Concat(Strings(JsonSerializer.SerializeToElement(DiscordRenderer.Announcement([item, item]))))
                .Append(DiscordText.Fit(title, ArchiveAutocomplete.MaxChoiceText))
                .Append(DiscordText.Fit(title, DiscordRenderer.MaxTitle));

            foreach (var text in texts)
            {
                Assert.False(TextCut.HasLoneSurrogate(text), "a lone surrogate");
                Graphemes.AssertNoBrokenPiece(text);
                Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)));
            }

            Assert.InRange(DiscordText.Fit(title, ArchiveAutocomplete.MaxChoiceText).Length, 1, ArchiveAutocomplete.MaxChoiceText);
        }
    }
}
