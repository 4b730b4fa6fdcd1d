using System.Net;
using System.Net.Sockets;
using System.Text;
using BulletinBot.Telegram.Receiving;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>Restarts, outages, a refused menu and the webhook, each with its own bot process.</summary>
[Trait("Category", "Slow")]
public sealed class ResilienceTests : IAsyncLifetime, IDisposable
{
    private static readonly string Secret = FakeBotApi.Token.Split(':')[1];
    private readonly BotFolder folder = new();
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_restart_resumes_at_the_stored_offset_without_answering_any_update_twice()
    {
        int first;
        await using (var bot = await TelegramHost.StartAsync(folder, fake))
        {
            first = fake.Enqueue(FakeUpdates.Private("/stats"));
            await fake.WaitForAsync("sendMessage");
            // Asking for the updates after it means its offset was stored.
            await fake.WaitForAsync(c => c.Method == "getUpdates" && (int?)c.Body["offset"] == first + 1);

            // A restart stops the bot (SIGTERM), not kills it: the answer it sent is marked answered before it exits.
            await bot.StopAsync();
        }

        var second = fake.Enqueue(FakeUpdates.Private("/help"));
        var restartedAt = fake.LastSequence;
        await using (var bot = await TelegramHost.StartAsync(folder, fake))
        {
            await fake.WaitForAsync(c => c.Method == "sendMessage", restartedAt);
            var resumed = await fake.WaitForAsync("getUpdates", restartedAt);
            Assert.Equal(first + 1, (int?)resumed.Body["offset"]);
            await fake.WaitForAsync(c => c.Method == "getUpdates" && (int?)c.Body["offset"] == second + 1, restartedAt);
        }

        var answers = fake.CallsTo("sendMessage");
        Assert.Equal(2, answers.Count);
        Assert.Contains("items", answers[0].Text, StringComparison.Ordinal);
        Assert.Contains("search", answers[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_beside_the_running_bot_says_telegram_is_connected_and_then_that_it_is_not()
    {
        await using var bot = await TelegramHost.StartAsync(folder, fake);
        await fake.WaitForAsync("getUpdates");

        // Connected once a poll has come back.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (int Code, string Text) up;
        do
        {
            up = await TelegramHost.HealthAsync(folder);
        }
        while (up.Code != 0 && DateTime.UtcNow < deadline);

        var (healthy, report) = up;
        Assert.True(healthy == 0, report);
        Assert.Contains("telegram: connected", report, StringComparison.Ordinal);
        Assert.Contains("store: ok", report, StringComparison.Ordinal);

        fake.Down = true;
        deadline = DateTime.UtcNow.AddSeconds(30);
        (int Code, string Text) down;
        do
        {
            await Task.Delay(500);
            down = await TelegramHost.HealthAsync(folder);
        }
        while (down.Code == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(1, down.Code);
        Assert.Contains("telegram: not connected", down.Text, StringComparison.Ordinal);
        fake.Down = false;
    }

    [Fact]
    public async Task The_server_down_then_up_is_waited_for_a_refused_menu_is_only_a_warning_and_the_token_is_never_printed()
    {
        fake.RefuseCommands = true;
        await using var bot = await TelegramHost.StartAsync(folder, fake);
        await fake.WaitForAsync("getUpdates");

        fake.Down = true;
        // The long poll in flight (1 s) ends first; the polls after it find nobody there.
        await Task.Delay(TimeSpan.FromSeconds(2));
        fake.Enqueue(FakeUpdates.Private("/stats"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = fake.LastSequence;
        fake.Down = false;

        var sent = await fake.WaitForAsync("sendMessage", before);

        Assert.Contains("items", sent.Text, StringComparison.Ordinal);
        Assert.Contains("refused the command menu", bot.Output, StringComparison.Ordinal);
        Assert.Contains("getUpdates failed", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_bot_with_one_line_naming_it()
    {
        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => TelegramHost.StartAsync(folder, fake,
            new Dictionary<string, string?> { ["Telegram__PollTimeoutSeconds"] = "99" }));

        Assert.Contains("Telegram:PollTimeoutSeconds must be between 0 and 50", start.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, start.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhook_rejects_a_call_without_the_secret_and_answers_one_with_it()
    {
        const string webhookSecret = "end-to-end-webhook-secret";
        var endpoint = $"http://127.0.0.1:{FreePort()}/telegram/";
        await using var bot = await TelegramHost.StartAsync(folder, fake, new Dictionary<string, string?>
        {
            ["Telegram__WebhookUrl"] = "https://bot.example.org/telegram",
            ["Telegram__WebhookSecret"] = webhookSecret,
            ["Telegram__WebhookListenPrefix"] = endpoint,
        });
        var registered = await fake.WaitForAsync("setWebhook");
        Assert.Equal(webhookSecret, (string?)registered.Body["secret_token"]);
        var update = FakeUpdates.Private("/stats");
        update["update_id"] = 77;
        using var http = new HttpClient();

        using var without = await http.PostAsync(endpoint, new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookListener.SecretHeader, webhookSecret);
        using var with = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        // The 200 says the update is kept and queued in its chat; the answer follows.
        await fake.WaitForAsync("sendMessage");
        var sent = Assert.Single(fake.CallsTo("sendMessage"));
        Assert.Contains("items", sent.Text, StringComparison.Ordinal);
        Assert.Empty(fake.CallsTo("getUpdates"));
    }

    [Fact]
    public async Task A_webhook_port_held_by_another_is_tried_again_then_stops_the_bot_with_exit_4_and_one_line()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}/telegram/";
        await using var bot = TelegramHost.Launch(folder, fake, WebhookSettings(endpoint));

        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(90));

        // Tried again with back-off, each try one warning line, before it gave up: not a silent exit 0.
        Assert.Equal(4, code);
        Assert.Equal(WebhookListener.StartAttempts - 1, bot.Lines.Count(line => line.Contains("Telegram webhook listener could not start on " + endpoint, StringComparison.Ordinal)));
        var last = bot.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith($"Service error: The Telegram webhook listener could not listen on {endpoint} after {WebhookListener.StartAttempts} tries", last, StringComparison.Ordinal);
        Assert.Contains("Telegram:WebhookListenPrefix", last, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bot.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, bot.Text, StringComparison.Ordinal);
        // It never pointed Telegram at a listener that was not there.
        Assert.Empty(fake.CallsTo("setWebhook"));
    }

    [Fact]
    public async Task A_webhook_port_given_back_while_the_start_is_tried_again_serves_updates()
    {
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}/telegram/";
        await using var bot = TelegramHost.Launch(folder, fake, WebhookSettings(endpoint));
        await bot.WaitForAsync("Telegram webhook listener could not start on " + endpoint, TimeSpan.FromSeconds(60));

        holder.Dispose();
        await bot.WaitForAsync("Telegram webhook set", TimeSpan.FromSeconds(60));
        var update = FakeUpdates.Private("/stats");
        update["update_id"] = 78;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookListener.SecretHeader, WebhookSecret);
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await fake.WaitForAsync("sendMessage");
        Assert.Contains("items", Assert.Single(fake.CallsTo("sendMessage")).Text, StringComparison.Ordinal);
        Assert.False(bot.HasExited);
    }

    private const string WebhookSecret = "end-to-end-webhook-secret";

    private static Dictionary<string, string?> WebhookSettings(string endpoint) => new()
    {
        ["Telegram__WebhookUrl"] = "https://bot.example.org/telegram",
        ["Telegram__WebhookSecret"] = WebhookSecret,
        ["Telegram__WebhookListenPrefix"] = endpoint,
    };

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
