using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Commands;
using BulletinBot.Telegram.Delivery;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;

namespace BulletinBot.Telegram.Tests.Delivery;

public sealed class TelegramChatChannelTests : IAsyncLifetime
{
    private static readonly BulletinItem Item = new("k3j9x2a", "Talks & <news>", new DateOnly(2018, 7, 11), null, "Cuba in USA",
        ["On July 11, 2018, a new round of talks was held."]);

    private readonly InstantTimeProvider time = new();
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private TelegramChatChannel Channel(int attempts = 1)
    {
        var options = Clients.Options(fake);
        options.SendAttempts = attempts;
        return new TelegramChatChannel(Clients.For(options, time), time, new ListLogger<TelegramChatChannel>());
    }

    private static Core.Announcing.Delivery To(string chat, string? thread = null, params BulletinItem[] items) =>
        new(new DeliveryTarget("telegram", chat, thread), "key-1", items.Length == 0 ? [Item] : items);

    [Fact]
    public async Task A_card_to_a_forum_topic_is_delivered_with_its_thread_and_escaped()
    {
        var result = await Channel().SendAsync(To("-100123", "77"), CancellationToken.None);

        var sent = Assert.Single(fake.CallsTo("sendMessage"));
        Assert.Equal(new Delivered(sent.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture)), result);
        Assert.Equal(77, (int?)sent.Body["message_thread_id"]);
        Assert.Equal(-100123, (long?)sent.Body["chat_id"]);
        Assert.StartsWith("<b>Talks &amp; &lt;news&gt;</b>", sent.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_by_name_and_a_digest_of_several_items_go_out_as_one_message()
    {
        var result = await Channel().SendAsync(To("@bulletins", null, Item, Item with { ShortId = "abcdefg" }), CancellationToken.None);

        Assert.IsType<Delivered>(result);
        var sent = Assert.Single(fake.CallsTo("sendMessage"));
        Assert.Equal("@bulletins", (string?)sent.Body["chat_id"]);
        Assert.Contains("2 new items", sent.Text, StringComparison.Ordinal);
        Assert.Contains("<code>abcdefg</code>", sent.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_bot_and_a_missing_chat_are_refused_for_good()
    {
        fake.BlockingChats.Add("5");
        fake.MissingChats.Add("6");

        Assert.IsType<Refused>(await Channel(attempts: 3).SendAsync(To("5"), CancellationToken.None));
        Assert.IsType<Refused>(await Channel(attempts: 3).SendAsync(To("6"), CancellationToken.None));
        Assert.Equal(2, fake.CallsTo("sendMessage").Count);
    }

    [Fact]
    public async Task A_429_or_a_server_error_asks_to_retry_later()
    {
        fake.Fail("sendMessage", 429, retryAfter: 9);
        fake.Fail("sendMessage", 502);

        var limited = await Channel().SendAsync(To("5"), CancellationToken.None);
        var failed = await Channel().SendAsync(To("5"), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(9), Assert.IsType<RetryLater>(limited).After);
        Assert.Null(Assert.IsType<RetryLater>(failed).After);
        fake.Down = true;
        Assert.IsType<RetryLater>(await Channel().SendAsync(To("5"), CancellationToken.None));
    }

    [Fact]
    public async Task A_long_card_paces_its_parts_and_a_retry_after_a_failed_part_sends_only_the_parts_not_sent()
    {
        var paragraphs = Enumerable.Range(0, 4).Select(i => string.Join(' ', Enumerable.Repeat($"Paragraph {i} of a long report on the harbour.", 60))).ToList();
        var item = Item with { Paragraphs = paragraphs };
        fake.FailWhen(c => c.Method == "sendMessage" && c.Text?.StartsWith("Paragraph 2", StringComparison.Ordinal) == true, 429, retryAfter: 9);
        var channel = Channel();

        var first = await channel.SendAsync(To("5", null, item), CancellationToken.None);
        var second = await channel.SendAsync(To("5", null, item), CancellationToken.None);

        Assert.IsType<RetryLater>(first);
        var delivered = Assert.IsType<Delivered>(second);
        var texts = fake.Sent.Select(m => m.Text).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.True(texts.Count >= 3, $"{texts.Count} parts");
        Assert.StartsWith("<b>Talks", texts[0], StringComparison.Ordinal);
        Assert.Equal(fake.Sent[0].MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), delivered.MessageId);
        // Each part after the first waited for the chat's next second.
        Assert.True(time.Waits.Count(w => w > TimeSpan.FromSeconds(0.9) && w <= TimeSpan.FromSeconds(1.01)) >= texts.Count - 1, string.Join(", ", time.Waits));
    }
}
