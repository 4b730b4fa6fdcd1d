using System.Net;
using System.Net.Sockets;

namespace BulletinBot.Tests;

/// <summary>What each verb composes, proven on the real program as a child process.</summary>
public sealed class CompositionTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    private Dictionary<string, string?> Environment() => new()
    {
        ["Storage__Path"] = _host.StorePath,
        ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
    };

    [Fact]
    public async Task Ask_with_platform_tokens_set_answers_from_the_store_without_any_network_call()
    {
        // Every address a platform client could use leads to this listener, which counts connections.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var environment = Environment();
        environment["Telegram__BotToken"] = "123456:dummy-token";
        environment["Telegram__ApiBaseUrl"] = address;
        environment["Discord__BotToken"] = "dummy.discord.token";
        environment["Discord__ApiBaseUrl"] = address + "/api/v10";
        environment["Discord__GatewayUrl"] = address.Replace("http", "ws", StringComparison.Ordinal);
        environment["HTTP_PROXY"] = address;
        environment["HTTPS_PROXY"] = address;
        Assert.Equal(0, (await _host.RunAsync("", "ingest")).ExitCode);

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, "ask", "latest", "2");

        Assert.True(code == 0, error);
        Assert.Contains("Cuba hands over a US citizen claimed by Interpol", output, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "ask connected to the network");
        Assert.DoesNotContain("dummy", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_a_token_is_a_service_that_ignores_stdin_and_stops_on_sigterm()
    {
        var environment = Environment();
        environment["Telegram__BotToken"] = "123456:dummy-token";
        environment["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9";
        environment["Logging__LogLevel__Default"] = "Information";
        using var bot = HostProcess.Start(_host.Folder, environment, redirectInput: true);

        await bot.WaitForAsync("Ingested seeds page", TimeSpan.FromSeconds(60));
        Assert.False(bot.HasExited);
        Assert.DoesNotContain("terminal chat", bot.Output, StringComparison.Ordinal);

        bot.Terminate();
        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, code);
        Assert.DoesNotContain("dummy-token", bot.Output + bot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_seeds_folder_or_a_store_setting_the_built_in_pages_and_the_data_folder_are_used()
    {
        var home = Path.Combine(_host.Folder, "home");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_host.Folder, "elsewhere")).FullName;
        var environment = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_DATA_HOME"] = Path.Combine(home, "data") };

        Assert.Equal(0, (await HostProcess.RunAsync(elsewhere, environment, "ingest")).ExitCode);
        var (code, output, error) = await HostProcess.RunAsync(elsewhere, environment, "ask", "stats");

        Assert.True(code == 0, error);
        Assert.Contains("8 items from 1 source.", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(home, "data", "BulletinBot", "bulletins.db")));
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [Fact]
    public async Task A_seeds_folder_that_was_asked_for_and_is_missing_is_reported_not_replaced()
    {
        var environment = Environment();
        environment["Ingestion__SeedsPath"] = Path.Combine(_host.Folder, "no-such-folder");

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, "ingest");

        Assert.Equal(1, code);
        Assert.Contains("0 new item(s)", output, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_says_what_no_verb_does_the_exit_codes_and_where_the_settings_are()
    {
        var (code, output, _) = await HostProcess.RunAsync(_host.Folder, Environment(), "--help");

        Assert.Equal(0, code);
        Assert.Contains("With no verb", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 answered", output, StringComparison.Ordinal);
        Assert.Contains("appsettings.json", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unusable_store_is_one_line_and_exit_code_3()
    {
        var environment = Environment();
        environment["Storage__Path"] = "/proc/version/bulletins.db";

        var (code, _, error) = await HostProcess.RunAsync(_host.Folder, environment, "ask", "latest");

        Assert.Equal(3, code);
        Assert.StartsWith("Storage error:", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
