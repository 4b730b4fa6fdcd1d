using BulletinBot.Core.Announcing;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>The limiter keeps each platform to the limits its channel declares, and to none it does not.</summary>
public sealed class DeliveryLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_limiter_reads_each_platform_s_limits_from_its_channel()
    {
        var slow = new DeliveryLimits(null, new("1 message per minute per chat", 1, TimeSpan.FromMinutes(1)));
        using var limiter = new DeliveryLimiter([new FakeChatChannel("slow", _time, slow)], _time);
        var chat = new DeliveryTarget("slow", "1");

        Assert.Same(slow, limiter.For("slow"));
        Assert.True(limiter.TryAcquire(chat, out _));
        Assert.False(limiter.TryAcquire(chat, out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(60_010), wait);
        Assert.True(limiter.TryAcquire(new DeliveryTarget("slow", "2"), out _));
    }

    [Fact]
    public void A_new_term_starts_as_if_every_limit_had_just_been_used_and_forgets_the_term_before()
    {
        using var limiter = new DeliveryLimiter([new FakeChatChannel(Platforms.Telegram, _time, FakeChatChannel.TelegramLike)], _time);
        var chat = new DeliveryTarget(Platforms.Telegram, "7");
        var group = new DeliveryTarget(Platforms.Telegram, "-1001");
        Assert.True(limiter.TryAcquire(chat, out _));
        _time.Advance(TimeSpan.FromSeconds(10));

        // Taking over: the leader before may have sent to these chats a moment ago.
        limiter.HoldFromNow();

        Assert.False(limiter.TryAcquire(chat, out var chatWait));
        Assert.False(limiter.TryAcquire(group, out var groupWait));
        Assert.Equal(TimeSpan.FromMilliseconds(1010), chatWait);
        Assert.Equal(TimeSpan.FromMilliseconds(3000.5), groupWait);
        _time.Advance(chatWait);
        Assert.True(limiter.TryAcquire(chat, out _));
        Assert.False(limiter.TryAcquire(group, out _));
        _time.Advance(groupWait - chatWait);
        Assert.True(limiter.TryAcquire(group, out _));

        // Long after the hold, a chat never written to is free at once.
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Telegram, "8"), out _));
    }

    [Fact]
    public void A_platform_with_no_channel_here_has_no_limits()
    {
        using var limiter = new DeliveryLimiter([], _time);
        var chat = new DeliveryTarget(Platforms.Telegram, "-1001");

        Assert.Same(DeliveryLimits.None, limiter.For(Platforms.Telegram));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(limiter.TryAcquire(chat, out _));
        }

        Assert.Equal(TimeSpan.Zero, limiter.WaitFor(chat));
    }

    [Theory]
    [InlineData("-1001", true)]
    [InlineData("-100123456789", true)]
    [InlineData("@bulletins", true)]
    [InlineData("7", false)]
    [InlineData("123456789", false)]
    public void A_telegram_group_or_channel_is_a_negative_id_or_an_at_name_and_waits_three_seconds(string chat, bool group)
    {
        using var limiter = new DeliveryLimiter([new FakeChatChannel(Platforms.Telegram, _time, FakeChatChannel.TelegramLike)], _time);
        var target = new DeliveryTarget(Platforms.Telegram, chat);

        Assert.True(limiter.TryAcquire(target, out _));
        Assert.False(limiter.TryAcquire(target, out var wait));

        Assert.Equal(group ? TimeSpan.FromMilliseconds(3000.5) : TimeSpan.FromMilliseconds(1010), wait);
    }

    [Fact]
    public void A_telegram_topic_shares_its_chat_s_limits_and_a_discord_thread_has_its_own()
    {
        using var limiter = new DeliveryLimiter(
            [new FakeChatChannel(Platforms.Telegram, _time, FakeChatChannel.TelegramLike), new FakeChatChannel(Platforms.Discord, _time, FakeChatChannel.DiscordLike)],
            _time);

        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Telegram, "-1001", "55"), out _));
        Assert.False(limiter.TryAcquire(new DeliveryTarget(Platforms.Telegram, "-1001", "56"), out _));
        Assert.False(limiter.TryAcquire(new DeliveryTarget(Platforms.Telegram, "-1001"), out _));

        // Each a little apart, as Discord's overall limit (50 a second) asks.
        var overall = TimeSpan.FromMilliseconds(21);
        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "42", "900"), out _));
        _time.Advance(overall);
        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "42", "901"), out _));
        _time.Advance(overall);
        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "42"), out _));
        _time.Advance(overall);
        Assert.False(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "42", "900"), out var wait));

        // 5 per 5 s with 10 ms of room over the window: 1002 ms after the thread's first.
        Assert.Equal(TimeSpan.FromMilliseconds(1002) - (3 * overall), wait);
    }

    [Fact]
    public void Every_message_on_a_platform_counts_against_its_overall_limit()
    {
        using var limiter = new DeliveryLimiter([new FakeChatChannel(Platforms.Discord, _time, FakeChatChannel.DiscordLike)], _time);

        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "1"), out _));
        Assert.False(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "2"), out var wait));

        // 50 a second with 10 ms of room over the second.
        Assert.Equal(TimeSpan.FromMilliseconds(20.2), wait);
    }
}
