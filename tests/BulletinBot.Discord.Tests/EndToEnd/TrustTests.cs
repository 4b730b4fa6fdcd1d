using BulletinBot.Discord.Tests.Fakes;
using BulletinBot.TestPages;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// No secret in any output, and a process that cannot serve any platform exits: the real host against the fake
/// Discord, which echoes the token back or refuses it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TrustTests : IAsyncLifetime, IDisposable
{
    private const string Token = "MTAw.trust-e2e-secret.token-part-xyz";
    private static readonly string TokenSecret = Token[(Token.IndexOf('.', StringComparison.Ordinal) + 1)..];
    private readonly string folder = Directory.CreateTempSubdirectory("bulletinbot-discord-trust-").FullName;
    private FakeDiscord fake = null!;

    public async Task InitializeAsync() => fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_token_echoed_back_appears_in_no_output_at_trace()
    {
        // A proxy or a misbehaving server quoting the Authorization header, whole, URL-encoded and cut short.
        bool GatewayBot(RecordedRequest r) => r.Path == "gateway/bot";
        fake.Script(GatewayBot, new ScriptedAnswer(400, new { message = $"echo-json bad auth Bot {Token}", code = 50035 }));
        fake.Script(GatewayBot, new ScriptedAnswer(400, new { message = $"echo-encoded /api/v10/gateway/bot?auth=Bot%20{Uri.EscapeDataString(Token)}", code = 50035 }));
        fake.Script(GatewayBot, new ScriptedAnswer(400, new { message = $"echo-cut bad auth Bot {Token[..24]}…", code = 50035 }));
        fake.Script(GatewayBot, new ScriptedAnswer(502, $"<html><body><h1>502 Bad Gateway</h1>echo-html Authorization: Bot {Token}</body></html>"));
        var settings = Settings();
        settings["Logging__LogLevel__Default"] = "Trace";
        using var host = HostProcess.Start(settings);

        // Once the echoes are past, the bot connects, identifies with the token and is ready.
        var socket = await fake.NextConnectionAsync(TimeSpan.FromSeconds(90));
        await socket.HelloAsync();
        var identify = await socket.ExpectAsync(2);
        Assert.Equal(Token, identify.GetProperty("d").GetProperty("token").GetString());
        await socket.ReadyAsync(1, "session-trust", fake.ResumeUrl);
        await fake.WaitForRequestsAsync(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal));
        await WaitForAsync(host, "echo-cut");

        var output = host.Text;
        Assert.Contains("echo-json", output, StringComparison.Ordinal);
        Assert.Contains("echo-encoded", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
        for (var start = 0; start + 8 <= TokenSecret.Length; start++)
        {
            var piece = TokenSecret.Substring(start, 8);
            Assert.False(output.Contains(piece, StringComparison.Ordinal), $"the output holds \"{piece}\" of the token:\n{output}");
        }
    }

    [Fact]
    public async Task A_token_refused_on_rest_is_one_line_naming_the_setting_and_exit_2()
    {
        fake.Script(r => r.Path == "gateway/bot", new ScriptedAnswer(401, new { message = "401: Unauthorized", code = 0 }));
        using var host = HostProcess.Start(Settings());

        var code = await host.WaitForExitAsync();

        Assert.True(code == 2, $"exit {code}; output:\n{host.Text}");
        Assert.Equal(
            "Configuration error: Discord:BotToken was refused by Discord (401 Unauthorized on GET /gateway/bot). Set a valid token (the bot token from the developer portal).",
            Assert.Single(host.Lines, l => l.Contains("Discord:BotToken", StringComparison.Ordinal)));
        Assert.DoesNotContain("   at ", host.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_close_4004_is_one_line_naming_the_setting_and_exit_2()
    {
        using var host = HostProcess.Start(Settings());
        var socket = await fake.NextConnectionAsync(TimeSpan.FromSeconds(90));
        await socket.HelloAsync();
        await socket.ExpectAsync(2);
        await socket.CloseAsync(4004, "Authentication failed.");

        var code = await host.WaitForExitAsync();

        Assert.True(code == 2, $"exit {code}; output:\n{host.Text}");
        Assert.StartsWith(
            "Configuration error: Discord:BotToken was refused by Discord (gateway close 4004",
            Assert.Single(host.Lines, l => l.Contains("Discord:BotToken", StringComparison.Ordinal)),
            StringComparison.Ordinal);
        Assert.False(fake.Connections.TryRead(out _), "the bot connected again after 4004");
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["HOME"] = folder,
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Storage__Path"] = Path.Combine(folder, "bulletins.db"),
        ["Ingestion__SeedsPath"] = Directory.CreateDirectory(Path.Combine(folder, "seeds")).FullName,
        ["Discord__BotToken"] = Token,
        ["Discord__ApiBaseUrl"] = fake.ApiBase.ToString(),
        ["Discord__GatewayUrl"] = fake.GatewayUrl,
    };

    private static async Task WaitForAsync(HostProcess host, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Text.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"\"{text}\" never appeared; output:\n{host.Text}");
            await Task.Delay(50);
        }
    }
}
