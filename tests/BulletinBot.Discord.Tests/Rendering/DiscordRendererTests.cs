using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BulletinBot.Core.Commands;
using BulletinBot.Discord.Rendering;
using BulletinBot.Discord.Rest;

namespace BulletinBot.Discord.Tests.Rendering;

public sealed class DiscordRendererTests
{
    private static readonly string[] Words = ["migration", "talks", "embassy", "Havana", "Washington", "agreement", "visa", "consular"];

    internal static string LongText(int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => Words[i % Words.Length] + (i % 7 == 0 ? "." : "")));

    [Fact]
    public void A_long_item_is_split_into_messages_within_the_limits_and_never_mid_word()
    {
        var paragraphs = new[] { LongText(900), LongText(1200), LongText(300) };
        var item = new BulletinItem("k3j9x2a", "A long item", new DateOnly(2018, 7, 11), null, "Embassy", paragraphs);

        var messages = DiscordRenderer.Item(item);

        Assert.True(messages.Count > 1);
        var descriptions = messages.Select(m => Assert.Single(m.Embeds!).Description!).ToList();
        Assert.All(messages, m => Assert.True(Assert.Single(m.Embeds!).Characters <= DiscordRenderer.MaxMessageCharacters));
        Assert.All(descriptions, d => Assert.InRange(d.Length, 1, DiscordRenderer.MaxDescription));
        var original = string.Join(' ', paragraphs).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sent = string.Join(' ', descriptions).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(original, sent);
        Assert.Equal("A long item", messages[0].Embeds![0].Title);
    }

    [Fact]
    public void A_listing_stays_within_the_embed_limits_and_carries_its_buttons()
    {
        var cards = Enumerable.Range(0, 8).Select(i => new BulletinCard(
            $"id{i:D4}xx", MarkedText.Plain(new string('T', 300)), new DateOnly(2018, 1, 1), null, "Source",
            new MarkedText([new TextSpan(LongText(400), false), new TextSpan("match", true)]))).ToList();
        var list = new ListReply("Search results", cards,
            new ListPage(6, 13, 40, new ReplyAction(ReplyActionKind.PreviousPage, "1a2b3c4d"), new ReplyAction(ReplyActionKind.NextPage, "1a2b3c4d")),
            ["Showing the best matches first."]);

        var message = DiscordRenderer.List(list);

        var embed = Assert.Single(message.Embeds!);
        Assert.True(embed.Characters <= DiscordRenderer.MaxMessageCharacters, $"{embed.Characters} characters");
        Assert.All(embed.Fields!, f => Assert.True(f.Name.Length <= DiscordRenderer.MaxFieldName && f.Value.Length <= DiscordRenderer.MaxFieldValue));
        var buttons = message.Components!.SelectMany(row => row.Components).Select(b => b.CustomId).ToList();
        Assert.Contains("previous 1a2b3c4d", buttons);
        Assert.Contains("next 1a2b3c4d", buttons);
        Assert.Contains("show id0000xx", buttons);
        Assert.All(message.Components!, row => Assert.InRange(row.Components.Count, 1, 5));
        Assert.Equal("Items 6–13 of 40", embed.Footer!.Text);
    }

    [Fact]
    public void Markdown_and_mentions_in_bulletin_text_are_shown_as_written()
    {
        var escaped = DiscordText.Escape("**bold** _it_ `code` > quote <@&123> ||spoiler|| # heading [link](http://x)");

        Assert.DoesNotMatch(new Regex(@"(?<!\\)[*_`|>#\[\]()<]"), escaped.Replace("\\\\", "", StringComparison.Ordinal));
        Assert.Contains(@"\<@&123\>", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Marked_words_are_bold_and_cut_text_keeps_no_open_markup()
    {
        var card = new BulletinCard("abcdefg", MarkedText.Plain("Title"), null, null, "S",
            new MarkedText([new TextSpan("before ", false), new TextSpan("talks", true), new TextSpan(" after", false)]));
        var list = new ListReply("Results", [card], ListPage.Whole(1), []);

        var value = DiscordRenderer.List(list).Embeds![0].Fields![0].Value;

        Assert.Contains("before **talks** after", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rendered_body_disables_mentions()
    {
        var reply = new ErrorReply("No results for @everyone", "Try <@&1>.");
        var json = JsonSerializer.SerializeToElement(DiscordRenderer.Render(reply)[0], DiscordJson.Options);

        Assert.Equal(0, json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.StartsWith("No results for @everyone", json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 5)]
    [InlineData(4096, 4096)]
    public void Split_pieces_fit_and_lose_no_word(int words, int max)
    {
        var text = LongText(words);
        var pieces = DiscordText.Split(text, Math.Max(max, 20));
        Assert.All(pieces, p => Assert.True(p.Length <= Math.Max(max, 20)));
        Assert.Equal(text.Split(' '), string.Join(' ', pieces).Split(' '));
    }
}
