using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>Inline keyboards (paging in place, show, an expired button) and inline mode with its paging.</summary>
[Trait("Category", "Slow")]
public sealed class ButtonsAndInlineTests(LiveBotFixture bot) : IClassFixture<LiveBotFixture>
{
    [Fact]
    public async Task Paging_buttons_edit_the_listing_in_place_and_every_callback_is_answered()
    {
        var listing = await bot.AskAsync(FakeUpdates.Private("/latest 2"));
        var next = LiveBotFixture.CallbackData(listing).Single(d => d.StartsWith("next ", StringComparison.Ordinal));
        var messageId = listing.MessageId;

        var edited = await bot.AskAsync(FakeUpdates.Callback(FakeUpdates.PrivateChat, messageId, next), "editMessageText");

        Assert.Equal(messageId, (int?)edited.Body["message_id"]);
        Assert.NotEqual(listing.Text, edited.Text);
        LiveBotFixture.AssertValid(edited);
        var previous = LiveBotFixture.CallbackData(edited).Single(d => d.StartsWith("previous ", StringComparison.Ordinal));
        var back = await bot.AskAsync(FakeUpdates.Callback(FakeUpdates.PrivateChat, messageId, previous), "editMessageText");
        Assert.Equal(listing.Text, back.Text);
        await bot.Fake.WaitForAsync(c => c.Method == "answerCallbackQuery", back.Sequence);
        Assert.All(LiveBotFixture.CallbackData(back), d => Assert.True(System.Text.Encoding.UTF8.GetByteCount(d) <= 64));
    }

    [Fact]
    public async Task A_show_button_sends_the_item()
    {
        var listing = await bot.AskAsync(FakeUpdates.Private("/search migration talks"));
        var show = LiveBotFixture.CallbackData(listing).First(d => d.StartsWith("show ", StringComparison.Ordinal));

        var calls = await bot.HandledAsync(FakeUpdates.Callback(FakeUpdates.PrivateChat, listing.MessageId, show));

        var item = Assert.Single(calls, c => c.Method == "sendMessage");
        Assert.Contains("<b>Migration talks", item.Text, StringComparison.Ordinal);
        var answer = Assert.Single(calls, c => c.Method == "answerCallbackQuery");
        Assert.Null(answer.Body["text"]);
    }

    [Fact]
    public async Task An_expired_button_says_so_and_changes_nothing()
    {
        var calls = await bot.HandledAsync(FakeUpdates.Callback(FakeUpdates.PrivateChat, 1, "next 0badcafe"));

        var answer = Assert.Single(calls);
        Assert.Equal("answerCallbackQuery", answer.Method);
        Assert.Contains("expired", (string?)answer.Body["text"], StringComparison.OrdinalIgnoreCase);
        Assert.True((bool?)answer.Body["show_alert"]);
    }

    [Fact]
    public async Task An_empty_inline_query_lists_the_latest_and_a_search_pages_with_next_offset()
    {
        var latest = await bot.AskAsync(FakeUpdates.Inline(""), "answerInlineQuery");
        var results = latest.Body["results"]!.AsArray();
        Assert.InRange(results.Count, 2, 50);
        LiveBotFixture.AssertValid(latest);

        var first = await bot.AskAsync(FakeUpdates.Inline("cuba"), "answerInlineQuery");
        var offset = (string?)first.Body["next_offset"];
        Assert.False(string.IsNullOrEmpty(offset));
        var second = await bot.AskAsync(FakeUpdates.Inline("cuba", offset!), "answerInlineQuery");

        var firstIds = first.Body["results"]!.AsArray().Select(r => (string?)r!["id"]).ToList();
        var secondIds = second.Body["results"]!.AsArray().Select(r => (string?)r!["id"]).ToList();
        Assert.NotEmpty(secondIds);
        Assert.Empty(firstIds.Intersect(secondIds));
        var message = (string?)first.Body["results"]![0]!["input_message_content"]!["message_text"];
        Assert.StartsWith("<b>", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inline_mode_finds_the_talks_while_the_words_are_typed()
    {
        // The last word is a prefix while it is typed: from its third letter on, each prefix finds the talks.
        foreach (var typed in new[] { "mig", "migr", "migratio", "migration", "migration t", "migration ta", "migration talk" })
        {
            var answer = await bot.AskAsync(FakeUpdates.Inline(typed), "answerInlineQuery");
            var titles = answer.Body["results"]!.AsArray().Select(r => (string?)r!["title"]).ToList();
            Assert.True(titles.Exists(t => t is not null && t.StartsWith("Migration talks", StringComparison.Ordinal)), $"{typed}: {string.Join(" | ", titles)}");
        }
    }
}
