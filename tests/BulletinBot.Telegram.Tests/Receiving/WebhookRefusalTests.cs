using BulletinBot.Core.Conversation;
using BulletinBot.Telegram.Receiving;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;

namespace BulletinBot.Telegram.Tests.Receiving;

public sealed class WebhookRefusalTests
{
    [Theory]
    [InlineData(401, "401 Unauthorized")]
    [InlineData(403, "403 Forbidden")]
    public async Task A_token_refused_on_setWebhook_stops_the_listener_and_reports_the_refusal(int status, string reason)
    {
        await using var fake = await FakeBotApi.StartAsync();
        var options = Clients.Options(fake);
        options.WebhookUrl = "https://bot.example.org/telegram";
        options.WebhookSecret = "webhook-secret-0123456789";
        options.WebhookListenPrefix = $"http://127.0.0.1:{LoopbackPort.Free()}/telegram/";
        var time = new InstantTimeProvider();
        var connection = new PlatformConnection("telegram");
        fake.Fail("setWebhook", status);
        using var listener = new WebhookListener(Clients.For(options, time), new RecordingSink(), new MemoryOffsetStore(), options, time,
            new ListLogger<WebhookListener>(), connection);

        await listener.StartAsync(CancellationToken.None);
        await listener.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Single(fake.CallsTo("setWebhook"));
        Assert.Empty(time.Waits);
        Assert.Equal($"Telegram:BotToken was refused by Telegram ({reason}). Set a valid token (the one BotFather gave).", await connection.Refusal);
        Assert.False(connection.IsConnected);
    }
}
