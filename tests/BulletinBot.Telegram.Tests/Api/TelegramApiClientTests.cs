using BulletinBot.Core.Secrets;
using BulletinBot.Telegram.Api;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace BulletinBot.Telegram.Tests.Api;

public sealed class TelegramApiClientTests : IAsyncLifetime
{
    private static readonly string Secret = FakeBotApi.Token.Split(':')[1];
    private readonly InstantTimeProvider time = new();
    private readonly ListLogger<TelegramApiClient> log = new();
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private TelegramApiClient Client() => Clients.For(Clients.Options(fake), time, log);

    [Fact]
    public async Task A_429_waits_its_retry_after_then_the_message_goes_out()
    {
        fake.Fail("sendMessage", 429, retryAfter: 3);

        await Client().SendMessage(FakeUpdates.PrivateChat, "hello");

        Assert.Equal([TimeSpan.FromSeconds(3)], time.Waits);
        Assert.Equal(2, fake.CallsTo("sendMessage").Count);
    }

    [Fact]
    public async Task A_refusal_is_not_retried()
    {
        fake.BlockingChats.Add("77");

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Client().SendMessage(77, "hello"));

        Assert.Equal(403, error.ErrorCode);
        Assert.Single(fake.CallsTo("sendMessage"));
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task An_unreachable_server_is_tried_a_bounded_number_of_times_and_the_error_has_no_token()
    {
        fake.Down = true;

        var error = await Assert.ThrowsAsync<RequestException>(() => Client().SendMessage(FakeUpdates.PrivateChat, "hello"));

        Assert.Equal(3, time.Waits.Count);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, log.All, StringComparison.Ordinal);
    }

    [Fact]
    public void The_redactor_masks_the_token_in_urls_and_messages()
    {
        var redactor = new SecretRedactor([TelegramApiClient.TokenSecret(FakeBotApi.Token)]);

        var text = redactor.Redact($"POST http://127.0.0.1:1/bot{FakeBotApi.Token}/getUpdates failed; {Uri.EscapeDataString(FakeBotApi.Token)}");

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("/bot123456789:***/getUpdates", text, StringComparison.Ordinal);
    }
}
