using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Telegram.Delivery;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Telegram.Tests.Delivery;

/// <summary>Telegram's limits are one table: the channel declares it, the dispatcher's limiter and the pacer read it.</summary>
public sealed class TelegramLimitsTests
{
    [Fact]
    public void The_channel_declares_telegram_s_table()
    {
        var time = new InstantTimeProvider();
        var channel = new TelegramChatChannel(Clients.For(new TelegramOptions { BotToken = FakeBotApi.Token }, time), time, new ListLogger<TelegramChatChannel>());

        Assert.Equal(Platforms.Telegram, channel.Platform);
        Assert.Same(TelegramLimits.Sending, channel.Limits);
        Assert.Equal((30, TimeSpan.FromSeconds(1)), (channel.Limits.Overall!.Permits, channel.Limits.Overall.Period));
        Assert.Equal((1, TimeSpan.FromSeconds(1)), (channel.Limits.PerChat!.Permits, channel.Limits.PerChat.Period));
        Assert.Equal((20, TimeSpan.FromMinutes(1)), (channel.Limits.PerGroup!.Permits, channel.Limits.PerGroup.Period));
    }

    [Theory]
    [InlineData("-1001", true)]
    [InlineData("-100123456789", true)]
    [InlineData("@bulletins", true)]
    [InlineData("7", false)]
    [InlineData("123456789", false)]
    public void A_group_or_channel_is_a_negative_id_or_an_at_name_for_the_limiter_and_the_pacer_alike(string chat, bool group)
    {
        var time = new FakeTimeProvider();
        using var limiter = new DeliveryLimiter([new LimitsOnly(TelegramLimits.Sending)], time);
        var target = new DeliveryTarget(Platforms.Telegram, chat);

        Assert.True(limiter.TryAcquire(target, out _));
        Assert.False(limiter.TryAcquire(target, out var wait));

        Assert.Equal(group, TelegramLimits.IsGroupOrChannel(chat));

        // The limiter spreads 10 ms of room over a window; the pacer adds it to each gap, as it counts from each send.
        Assert.Equal(group ? TimeSpan.FromMilliseconds(3000.5) : TimeSpan.FromMilliseconds(1010), wait);
        Assert.Equal(group ? TimeSpan.FromMilliseconds(3010) : TimeSpan.FromMilliseconds(1010), new ChatPacer(time, TelegramLimits.Sending).Spacing(chat));
    }

    [Fact]
    public void The_limiter_spaces_a_telegram_group_three_seconds_and_a_private_chat_one_with_a_little_room()
    {
        var time = new FakeTimeProvider();
        using var limiter = new DeliveryLimiter([new LimitsOnly(TelegramLimits.Sending)], time);
        var group = new DeliveryTarget(Platforms.Telegram, "-1001");
        var person = new DeliveryTarget(Platforms.Telegram, "7");

        Assert.True(limiter.TryAcquire(group, out _));
        Assert.False(limiter.TryAcquire(group, out var groupWait));
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(limiter.TryAcquire(person, out _));
        Assert.False(limiter.TryAcquire(person, out var personWait));

        // 20 a minute with 10 ms of room over the minute; one a second with the same room after each.
        Assert.Equal(TimeSpan.FromMilliseconds(3000.5), groupWait);
        Assert.Equal(TimeSpan.FromMilliseconds(1010), personWait);
        time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.False(limiter.TryAcquire(person, out _));
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(limiter.TryAcquire(person, out _));
    }

    /// <summary>A Telegram delivery port that only declares its limits.</summary>
    private sealed class LimitsOnly(DeliveryLimits limits) : IChatChannel
    {
        public string Platform => Platforms.Telegram;

        public DeliveryLimits Limits => limits;

        public Task<DeliveryResult> SendAsync(Core.Announcing.Delivery delivery, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Only the limits are read.");
    }
}
