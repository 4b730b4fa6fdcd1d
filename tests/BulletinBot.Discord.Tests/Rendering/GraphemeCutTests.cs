using BulletinBot.Core.Bulletins;
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
        foreach (var title in Graphemes.Shifted())
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
