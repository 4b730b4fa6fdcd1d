using System.Net;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestPages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// No secret in any output, and a process that cannot serve any platform exits: the real host against the fake
/// Bot API, at Trace level, with a server that echoes the token and a source whose address holds credentials.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TrustTests : IAsyncLifetime, IDisposable
{
    private const string FeedUser = "feedreader";
    private const string FeedPassword = "pa55-w0rd-of-feed";
    private const string ApiKey = "k3y-of-the-feed-42";

    private static readonly string TokenSecret = FakeBotApi.Token.Split(':')[1];
    private readonly BotFolder folder = new();
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_token_echoed_back_and_a_source_s_credentials_appear_in_no_output_at_trace()
    {
        var token = FakeBotApi.Token;
        fake.AnswerRaw("setMyCommands", 400, "application/json",
            $$"""{"ok":false,"error_code":400,"description":"Bad Request: echo-json bad auth Bot {{token}}, cut: {{token[..20]}}…"}""");
        fake.AnswerRaw("deleteWebhook", 502, "text/html", $"<html><body><h1>502</h1><p>echo-html bot{token} Authorization: Bot {token}</p></body></html>");
        fake.AnswerRaw("getUpdates", 409, "application/json",
            $$"""{"ok":false,"error_code":409,"description":"Conflict: echo-encoded /bot{{Uri.EscapeDataString(token)}}/getUpdates"}""");
        var source = $"http://{FeedUser}:{FeedPassword}@127.0.0.1:{fake.Port}/feed.xml?apikey={ApiKey}";
        var settings = new Dictionary<string, string?>
        {
            ["HOME"] = folder.Root,
            ["Logging__LogLevel__Default"] = "Trace",
            ["Ingestion__Sources__0__Url"] = source,
        };

        string output;
        string stats;
        (int Code, string Text) health;
        await using (var bot = await TelegramHost.StartAsync(folder, fake, settings))
        {
            // The source answers 404 (the fake serves only the Bot API): its failure is logged and kept for stats.
            await WaitForAsync(() => bot.Output.Contains($"http://***@127.0.0.1:{fake.Port}/feed.xml?apikey=***", StringComparison.Ordinal), bot);
            await WaitForAsync(() => bot.Output.Contains("echo-encoded", StringComparison.Ordinal), bot);
            var before = fake.LastSequence;
            fake.Enqueue(FakeUpdates.Private("/stats"));
            stats = (await fake.WaitForAsync("sendMessage", before, timeoutSeconds: 60)).Text ?? "";
            health = await TelegramHost.HealthAsync(folder);
            output = bot.Output;
        }

        // Each echo reached the log (so the test sees what a leak would print), masked.
        Assert.Contains("echo-json", output, StringComparison.Ordinal);
        Assert.Contains("echo-encoded", output, StringComparison.Ordinal);
        Assert.Contains("Source http://***@127.0.0.1", stats, StringComparison.Ordinal);
        Assert.Contains("apikey=***", stats, StringComparison.Ordinal);
        Assert.Contains("store: ok", health.Text, StringComparison.Ordinal);
        foreach (var (name, text) in new[] { ("output", output), ("stats", stats), ("health", health.Text) })
        {
            AssertNoSecret(name, text);
        }
    }

    [Theory]
    [InlineData(401, "401 Unauthorized")]
    [InlineData(403, "403 Forbidden")]
    public async Task A_token_telegram_refuses_on_getMe_is_one_line_naming_the_setting_and_exit_2(int status, string reason)
    {
        var settings = Settings();
        if (status == 401)
        {
            // A wrong token: the fake answers 401 to everything it sends.
            settings["Telegram__BotToken"] = "987654321:WRONG-token-abcdefgh";
        }
        else
        {
            fake.Fail("getMe", status);
        }

        using var host = HostProcess.Start(settings);
        var code = await host.WaitForExitAsync();

        Assert.True(code == 2, $"exit {code}; output:\n{host.Text}");
        var line = Assert.Single(host.Lines, l => l.Contains("Telegram:BotToken", StringComparison.Ordinal));
        Assert.Equal($"Configuration error: Telegram:BotToken was refused by Telegram ({reason}). Set a valid token (the one BotFather gave).", line);
        Assert.DoesNotContain("   at ", host.Text, StringComparison.Ordinal);
        Assert.Contains(fake.Calls, c => c.Method == "getMe");
        Assert.DoesNotContain(fake.Calls, c => c.Method == "getUpdates");
    }

    [Fact]
    public async Task Beside_a_platform_that_works_a_refused_one_keeps_the_process_up_and_health_fails_naming_it()
    {
        // A Discord API that refuses every token, as Discord does a revoked one.
        await using var refusing = await RefusingServer.StartAsync();
        var settings = Settings();
        settings["Discord__BotToken"] = "MTAw.trust-test.token-refused";
        settings["Discord__ApiBaseUrl"] = refusing.BaseUrl + "/api/v10";
        settings["Discord__GatewayUrl"] = "ws://127.0.0.1:9/gateway";
        using var host = HostProcess.Start(settings);
        await fake.WaitForAsync("getUpdates", timeoutSeconds: 60);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        (int Code, string Text) health;
        do
        {
            health = await TelegramHost.HealthAsync(folder);
        }
        while (!(health.Text.Contains("Discord:BotToken was refused", StringComparison.Ordinal) && health.Text.Contains("telegram: connected", StringComparison.Ordinal))
            && DateTime.UtcNow < deadline && !host.HasExited);

        Assert.False(host.HasExited, $"the process stopped though Telegram still runs:\n{host.Text}");
        Assert.Equal(1, health.Code);
        Assert.Contains("discord: not connected (Discord:BotToken was refused by Discord (401 Unauthorized on GET /gateway/bot)", health.Text, StringComparison.Ordinal);
        Assert.Contains("telegram: connected", health.Text, StringComparison.Ordinal);

        // Telegram is still answered.
        var before = fake.LastSequence;
        fake.Enqueue(FakeUpdates.Private("/help"));
        await fake.WaitForAsync("sendMessage", before, timeoutSeconds: 30);
    }

    [Fact]
    public async Task Both_platforms_refused_is_one_line_naming_both_settings_and_exit_2()
    {
        await using var refusing = await RefusingServer.StartAsync();
        var settings = Settings();
        settings["Telegram__BotToken"] = "987654321:WRONG-token-abcdefgh";
        settings["Discord__BotToken"] = "MTAw.trust-test.token-refused";
        settings["Discord__ApiBaseUrl"] = refusing.BaseUrl + "/api/v10";
        settings["Discord__GatewayUrl"] = "ws://127.0.0.1:9/gateway";

        using var host = HostProcess.Start(settings);
        var code = await host.WaitForExitAsync();

        Assert.True(code == 2, $"exit {code}; output:\n{host.Text}");
        var line = Assert.Single(host.Lines, l => l.StartsWith("Configuration error:", StringComparison.Ordinal));
        Assert.Contains("Telegram:BotToken was refused by Telegram (401 Unauthorized)", line, StringComparison.Ordinal);
        Assert.Contains("Discord:BotToken was refused by Discord (401 Unauthorized", line, StringComparison.Ordinal);
        Assert.Equal(line, host.Lines[^1]);
        Assert.DoesNotContain("   at ", host.Text, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["HOME"] = folder.Root,
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Storage__Path"] = folder.StorePath,
        ["Ingestion__SeedsPath"] = folder.SeedsPath,
        ["Telegram__BotToken"] = FakeBotApi.Token,
        ["Telegram__ApiBaseUrl"] = fake.BaseUrl,
        ["Telegram__PollTimeoutSeconds"] = "1",
        ["Telegram__MaxBackoffSeconds"] = "2",
    };

    private static void AssertNoSecret(string name, string text)
    {
        Assert.DoesNotContain(FakeBotApi.Token, text, StringComparison.Ordinal);
        for (var start = 0; start + 8 <= TokenSecret.Length; start++)
        {
            var piece = TokenSecret.Substring(start, 8);
            Assert.False(text.Contains(piece, StringComparison.Ordinal), $"{name} holds \"{piece}\" of the token:\n{text}");
        }

        foreach (var secret in new[] { FeedUser, FeedPassword, ApiKey })
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} holds the source's \"{secret}\":\n{text}");
        }
    }

    private static async Task WaitForAsync(Func<bool> done, TelegramHost bot)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"never happened; output:\n{bot.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>An HTTP server on loopback that answers every request 401, as Discord answers a revoked token.</summary>
    private sealed class RefusingServer : IAsyncDisposable
    {
        private readonly WebApplication app;

        private RefusingServer(WebApplication app, string baseUrl)
        {
            this.app = app;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        public static async Task<RefusingServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context =>
            {
                context.Response.StatusCode = 401;
                return context.Response.WriteAsJsonAsync(new { message = "401: Unauthorized", code = 0 });
            });
            await app.StartAsync();
            return new RefusingServer(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
