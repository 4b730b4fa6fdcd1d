using System.Net;
using System.Text;
using BulletinBot.Telegram.Receiving;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;

namespace BulletinBot.Telegram.Tests.Receiving;

public sealed class WebhookListenerTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "webhook-secret-0123456789";
    private readonly MemoryOffsetStore offsets = new();
    private readonly RecordingSink sink = new();
    private readonly HttpClient http = new();
    private FakeBotApi fake = null!;
    private WebhookListener listener = null!;
    private string endpoint = "";

    public async Task InitializeAsync()
    {
        fake = await FakeBotApi.StartAsync();
        endpoint = $"http://127.0.0.1:{LoopbackPort.Free()}/telegram/";
        var options = Clients.Options(fake);
        options.WebhookUrl = "https://bot.example.org/telegram";
        options.WebhookSecret = Secret;
        options.WebhookListenPrefix = endpoint;
        var time = new InstantTimeProvider();
        listener = new WebhookListener(Clients.For(options, time), sink, offsets, options, time, new ListLogger<WebhookListener>());
        await listener.StartAsync(CancellationToken.None);
        await fake.WaitForAsync("setWebhook");
    }

    public async Task DisposeAsync()
    {
        await listener.StopAsync(CancellationToken.None);
        await fake.DisposeAsync();
    }

    public void Dispose()
    {
        listener.Dispose();
        http.Dispose();
    }

    private async Task<HttpStatusCode> PostAsync(string json, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add(WebhookListener.SecretHeader, secret);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_webhook_is_registered_with_its_secret()
    {
        var call = Assert.Single(fake.CallsTo("setWebhook"));
        Assert.Equal("https://bot.example.org/telegram", (string?)call.Body["url"]);
        Assert.Equal(Secret, (string?)call.Body["secret_token"]);
    }

    [Fact]
    public async Task A_call_without_the_secret_or_with_a_wrong_one_gets_401_and_is_not_handled()
    {
        var update = FakeUpdates.Private("sneaky");
        update["update_id"] = 1;

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(update.ToJsonString(), secret: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(update.ToJsonString(), secret: "webhook-secret-0123456780"));
        Assert.Empty(sink.Handled);
    }

    [Fact]
    public async Task A_call_with_the_secret_is_handled_once_even_when_delivered_again()
    {
        var update = FakeUpdates.Private("hello");
        update["update_id"] = 41;

        Assert.Equal(HttpStatusCode.OK, await PostAsync(update.ToJsonString(), Secret));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(update.ToJsonString(), Secret));
        Assert.Equal(HttpStatusCode.OK, await PostAsync("{ not json", Secret));

        // The 200 means the update is queued and kept, not yet answered.
        await Eventually.TrueAsync(() => offsets.Unfinished().Count == 0, "the update answered");
        Assert.Equal("hello", Assert.Single(sink.Handled).Message!.Text);
        // Claimed by id; the offset is for polling, which a webhook never moves (updates come in any order).
        Assert.Equal([41], offsets.Claimed);
        Assert.Equal(0, offsets.Offset);
    }

    [Fact]
    public async Task An_update_the_store_cannot_keep_gets_503_so_Telegram_delivers_it_again_and_it_is_answered_once()
    {
        var update = FakeUpdates.Private("kept later");
        update["update_id"] = 42;
        offsets.Unreachable = true;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostAsync(update.ToJsonString(), Secret));
        Assert.Empty(offsets.Claimed);

        offsets.Unreachable = false;
        Assert.Equal(HttpStatusCode.OK, await PostAsync(update.ToJsonString(), Secret));
        await Eventually.TrueAsync(() => offsets.Unfinished().Count == 0, "the update answered");
        Assert.Equal("kept later", Assert.Single(sink.Handled).Message!.Text);
    }
}
