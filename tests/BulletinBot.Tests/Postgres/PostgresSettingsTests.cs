using System.Net;
using System.Net.Sockets;

namespace BulletinBot.Tests.Postgres;

/// <summary>Choosing PostgreSQL: every bad setting is one line naming it (exit 2), an unreachable server one line (exit 3), and no line shows the password.</summary>
public sealed class PostgresSettingsTests : IDisposable
{
    private const string Password = "Hunter2-not-for-logs";

    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    private Dictionary<string, string?> Settings(string? connectionString)
    {
        var settings = _host.Settings();
        settings["Storage:Provider"] = "Postgres";
        settings["Storage:IndexPath"] = Path.Combine(_host.Folder, "index");
        settings["ConnectionStrings:Bulletins"] = connectionString;
        return settings;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BotCli.RunAsync(args, new StringReader(string.Empty), output, error, settings, deadline.Token);
        return (code, output.ToString(), error.ToString());
    }

    private static void OneLine(string error, string expected)
    {
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask latest")]
    [InlineData("ingest")]
    [InlineData("health")]
    public async Task Postgres_without_a_connection_string_names_the_setting_and_exits_2(string command)
    {
        var (code, output, error) = await RunAsync(Settings(null), command.Split(' '));

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal(string.Empty, output);
        OneLine(error, "ConnectionStrings:Bulletins is not set");
    }

    [Theory]
    [InlineData($"Host=127.0.0.1;Password={Password};Flavour=strawberry")]
    [InlineData($"Host=127.0.0.1;Password={Password};garbage")]
    public async Task An_unreadable_connection_string_is_one_line_without_its_password_and_exit_2(string connectionString)
    {
        var (code, _, error) = await RunAsync(Settings(connectionString), "ask", "latest");

        Assert.True(code == 2, $"exit {code}: {error}");
        OneLine(error, "ConnectionStrings:Bulletins cannot be read as a PostgreSQL connection string");
    }

    [Fact]
    public async Task An_unknown_provider_names_the_choices_and_exits_2()
    {
        var settings = _host.Settings();
        settings["Storage:Provider"] = "Mongo";

        var (code, _, error) = await RunAsync(settings, "ask", "latest");

        Assert.True(code == 2, $"exit {code}: {error}");
        OneLine(error, "Storage:Provider is \"Mongo\", which is not one of LiteDb, Postgres.");
    }

    [Fact]
    public async Task An_index_path_that_is_a_file_is_named_and_exits_2()
    {
        var settings = Settings($"Host=127.0.0.1;Port=1;Password={Password}");
        var file = Path.Combine(_host.Folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        settings["Storage:IndexPath"] = file;

        var (code, _, error) = await RunAsync(settings, "ask", "latest");

        Assert.True(code == 2, $"exit {code}: {error}");
        OneLine(error, "Storage:IndexPath names a file");
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_one_storage_line_without_the_password_and_exit_3()
    {
        var port = ClosedPort();
        var (code, output, error) = await RunAsync(
            Settings($"Host=127.0.0.1;Port={port};Username=bot;Password={Password};Timeout=5"), "ask", "latest");

        Assert.True(code == 3, $"exit {code}: {error}");
        Assert.Equal(string.Empty, output);
        OneLine(error, $"Storage error: PostgreSQL at 127.0.0.1:{port} cannot be reached (");
        Assert.Contains("Check ConnectionStrings:Bulletins.", error, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: bound, read, and closed again.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
