using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Discord.Limits;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Discord.Tests.Limits;

/// <summary>Discord's delivery port declares its limits; the dispatcher's limiter keeps to them.</summary>
public sealed class DiscordLimitsTests
{
    [Fact]
    public void The_channel_declares_discord_s_table()
    {
        var time = new FakeTimeProvider();
        using var limits = new DiscordRateLimits(time);
        using var http = new HttpClient();
        var channel = new DiscordChatChannel(
            new DiscordRestClient(http, limits, Microsoft.Extensions.Options.Options.Create(new DiscordOptions { BotToken = "x" }), time, NullLogger<DiscordRestClient>.Instance),
            NullLogger<DiscordChatChannel>.Instance);

        Assert.Equal(Platforms.Discord, channel.Platform);
        Assert.Same(DiscordLimits.Sending, channel.Limits);
        Assert.Equal((50, TimeSpan.FromSeconds(1)), (channel.Limits.Overall!.Permits, channel.Limits.Overall.Period));
        Assert.Equal((5, TimeSpan.FromSeconds(5)), (channel.Limits.PerChat!.Permits, channel.Limits.PerChat.Period));
        Assert.Null(channel.Limits.PerGroup);
    }

    [Fact]
    public void A_thread_is_a_channel_of_its_own_and_no_channel_counts_as_a_group()
    {
        var time = new FakeTimeProvider();
        using var limiter = new DeliveryLimiter([new LimitsOnly(DiscordLimits.Sending)], time);

        Assert.False(DiscordLimits.Sending.IsGroup("-1"));
        Assert.Equal("900", DiscordLimits.Sending.ChatOf(new DeliveryTarget(Platforms.Discord, "42", "900")));
        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "42", "900"), out _));
        time.Advance(TimeSpan.FromMilliseconds(21));
        Assert.True(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "42"), out _));
        time.Advance(TimeSpan.FromMilliseconds(21));
        Assert.False(limiter.TryAcquire(new DeliveryTarget(Platforms.Discord, "42", "900"), out var wait));

        // 5 per 5 s, with 10 ms of room over the window, counted from the thread's first message.
        Assert.Equal(TimeSpan.FromMilliseconds(1002 - 42), wait);
    }

    private sealed class LimitsOnly(DeliveryLimits limits) : IChatChannel
    {
        public string Platform => Platforms.Discord;

        public DeliveryLimits Limits => limits;

        public Task<DeliveryResult> SendAsync(Delivery delivery, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Only the limits are read.");
    }
}
