using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>The real host answering the fake Bot API: commands in private and group chats, paging, escaping, limits.</summary>
[Trait("Category", "Slow")]
public sealed class ChatTests(LiveBotFixture bot) : IClassFixture<LiveBotFixture>
{
    private const string Other = "@SomeOtherBot";
    private static readonly string Me = "@" + FakeBotApi.BotUsername;

    [Theory]
    [InlineData("/start", "latest")]
    [InlineData("/help", "search")]
    [InlineData("/latest", "Migration talks")]
    [InlineData("/latest 2", "1–2")]
    [InlineData("/search migration", "<b>")]
    [InlineData("/date 2018-07", "2018-07")]
    [InlineData("/stats", "items")]
    [InlineData("/next", "")]
    public async Task Each_command_is_answered_in_a_private_chat_with_valid_html(string command, string expected)
    {
        var sent = await bot.AskAsync(FakeUpdates.Private(command));

        Assert.Equal(FakeUpdates.PrivateChat.ToString(System.Globalization.CultureInfo.InvariantCulture), sent.ChatId);
        Assert.Equal("HTML", (string?)sent.Body["parse_mode"], ignoreCase: true);
        Assert.Contains(expected, sent.Text, StringComparison.OrdinalIgnoreCase);
        LiveBotFixture.AssertValid(sent);
    }

    [Fact]
    public async Task Show_answers_the_item_by_its_id()
    {
        var listing = await bot.AskAsync(FakeUpdates.Private("/search migration talks"));
        var show = LiveBotFixture.CallbackData(listing).First(d => d.StartsWith("show ", StringComparison.Ordinal));

        var item = await bot.AskAsync(FakeUpdates.Private("/" + show));

        Assert.Contains("<b>Migration talks", item.Text, StringComparison.Ordinal);
        Assert.Contains($"<code>{show[5..]}</code>", item.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/latest")]
    [InlineData("/search migration")]
    [InlineData("/date 2018")]
    [InlineData("/stats")]
    [InlineData("/help")]
    [InlineData("/start")]
    public async Task In_a_group_a_command_for_this_bot_is_answered_and_one_for_another_bot_is_ignored(string command)
    {
        var verb = command.Split(' ', 2);
        var forUs = verb[0] + Me + (verb.Length > 1 ? " " + verb[1] : "");
        var forOther = verb[0] + Other + (verb.Length > 1 ? " " + verb[1] : "");

        var ignored = await bot.HandledAsync(FakeUpdates.Group(forOther));
        var answered = await bot.HandledAsync(FakeUpdates.Group(forUs));

        Assert.Empty(ignored);
        var sent = Assert.Single(answered);
        Assert.Equal(FakeUpdates.GroupChat.ToString(System.Globalization.CultureInfo.InvariantCulture), sent.ChatId);
        LiveBotFixture.AssertValid(sent);
    }

    [Fact]
    public async Task In_a_group_only_an_admin_may_subscribe_as_getChatMember_says()
    {
        var refused = await bot.HandledAsync(FakeUpdates.Group("/subscribe" + Me + " migration"));

        Assert.Single(refused, c => c.Method == "getChatMember");
        Assert.Contains("only an admin", Assert.Single(refused, c => c.Method == "sendMessage").Text, StringComparison.Ordinal);

        bot.Fake.GroupAdmins.Add(FakeUpdates.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var accepted = Assert.Single(await bot.HandledAsync(FakeUpdates.Group("/subscribe" + Me + " migration")), c => c.Method == "sendMessage");
            var listed = Assert.Single(await bot.HandledAsync(FakeUpdates.Group("/subscriptions" + Me)), c => c.Method == "sendMessage");
            var ended = Assert.Single(await bot.HandledAsync(FakeUpdates.Group("/unsubscribe" + Me + " 1")), c => c.Method == "sendMessage");

            Assert.DoesNotContain("only an admin", accepted.Text, StringComparison.Ordinal);
            Assert.Contains("migration", listed.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("only an admin", ended.Text, StringComparison.Ordinal);
            LiveBotFixture.AssertValid(accepted);
        }
        finally
        {
            bot.Fake.GroupAdmins.Clear();
        }
    }

    [Fact]
    public async Task In_a_group_plain_text_is_ignored_unless_it_replies_to_the_bot()
    {
        Assert.Empty(await bot.HandledAsync(FakeUpdates.Group("migration talks")));

        var sent = Assert.Single(await bot.HandledAsync(FakeUpdates.Group("migration talks", replyToBot: true)));

        Assert.Contains("Migration", sent.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_text_in_a_private_chat_is_a_search()
    {
        var sent = await bot.AskAsync(FakeUpdates.Private("law enforcement"));

        Assert.Contains("<b>law</b>", sent.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Html_in_a_query_and_in_a_bulletin_comes_back_escaped()
    {
        var query = await bot.AskAsync(FakeUpdates.Private("/search <b>&</a>"));
        var bulletin = await bot.AskAsync(FakeUpdates.Private("/search jerry escape"));

        LiveBotFixture.AssertValid(query);
        LiveBotFixture.AssertValid(bulletin);
        Assert.DoesNotContain("<b>&", query.Text, StringComparison.Ordinal);
        Assert.Contains("Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &lt;/a&gt;", bulletin.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;tags&lt;/i&gt; &amp; ampersands", bulletin.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ten_thousand_character_query_gets_a_short_valid_answer()
    {
        var sent = await bot.AskAsync(FakeUpdates.Private(string.Concat(Enumerable.Repeat("harbour <&> ", 834))));

        LiveBotFixture.AssertValid(sent);
    }

    [Fact]
    public async Task An_item_longer_than_a_message_is_split_at_paragraphs_into_valid_messages()
    {
        var listing = await bot.AskAsync(FakeUpdates.Private("/search harbours"));
        var show = LiveBotFixture.CallbackData(listing).First(d => d.StartsWith("show ", StringComparison.Ordinal));
        var sent = await bot.HandledAsync(FakeUpdates.Private("/" + show));

        Assert.True(sent.Count >= 2, $"{sent.Count} message(s)");
        Assert.All(sent, LiveBotFixture.AssertValid);
        Assert.StartsWith("<b>" + BotFolder.LongTitle, sent[0].Text, StringComparison.Ordinal);
        var text = string.Join("\n\n", sent.Select(s => s.Text));
        for (var n = 0; n < 5; n++)
        {
            Assert.Contains(BotFolder.LongParagraph(n)[..200], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_429_is_waited_out_and_the_answer_still_arrives()
    {
        bot.Fake.Fail("sendMessage", 429, retryAfter: 1);
        var sent = await bot.HandledAsync(FakeUpdates.Private("/stats"));

        Assert.Equal(2, sent.Count(c => c.Method == "sendMessage"));
        Assert.Contains("items", sent[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_menu_is_set_in_english_and_spanish()
    {
        var menus = bot.Fake.CallsTo("setMyCommands");

        Assert.Equal(2, menus.Count);
        Assert.Contains(menus, m => m.Body["language_code"] is null);
        var spanish = Assert.Single(menus, m => (string?)m.Body["language_code"] == "es");
        Assert.Contains(spanish.Body["commands"]!.AsArray(), c => (string?)c!["command"] == "search");
    }
}
