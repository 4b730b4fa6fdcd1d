using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BulletinBot.TestServers;

/// <summary>
/// A PostgreSQL server for the tests. <c>BULLETINBOT_TEST_POSTGRES</c> names one (CI starts it); without it, the
/// first test to ask starts a throwaway cluster of its own (initdb in a temporary folder, a free loopback port, no
/// fsync) and the process stops it when it exits. PostgreSQL refuses to run as root: a test run by root starts it as
/// the <c>postgres</c> user. Each test asks for a database of its own, so tests never see each other's rows.
/// </summary>
public sealed class PostgresServer
{
    public const string Variable = "BULLETINBOT_TEST_POSTGRES";

    private static readonly Lazy<PostgresServer> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    private readonly string _adminConnection;

    private PostgresServer(string adminConnection) => _adminConnection = adminConnection;

    public static PostgresServer Shared => Instance.Value;

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"bb_test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(_adminConnection))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnection) { Database = name, Pooling = true }.ConnectionString;
    }

    private static PostgresServer Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return new PostgresServer(configured);
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            $"PostgreSQL's initdb and pg_ctl were not found. Install PostgreSQL (Debian: apt-get install postgresql) or set {Variable} to a server's connection string.");
        SweepStopped();
        var root = Directory.CreateTempSubdirectory(Prefix).FullName;
        var data = Path.Combine(root, "data");
        var asRoot = !OperatingSystem.IsWindows() && Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["postgres", root], asPostgres: false);
            if (!OperatingSystem.IsWindows())
            {
                RestoreDevNull();
            }
        }

        var port = FreePort();
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"], asRoot);
        Run(
            Path.Combine(bin, "pg_ctl"),
            ["-D", data, "-w", "-t", "60", "-l", Path.Combine(root, "log"), "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start"],
            asRoot);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot);
                Directory.Delete(root, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The server or its folder is gone already.
            }
        };

        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30");
    }

    private const string Prefix = "bb-pg-";

    /// <summary>Removes the folders of clusters that earlier test runs stopped but could not remove as their process ended.</summary>
    private static void SweepStopped()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            try
            {
                if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid")) && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-1))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another run's, still in use or not ours to remove.
            }
        }
    }

    /// <summary>
    /// initdb's scripts write to /dev/null as the postgres user. Builds of this bot before FileKind narrowed the device
    /// to 0600 when a test (run as root) named it as the store; such a machine is put back to the device's usual mode.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void RestoreDevNull()
    {
        const UnixFileMode everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        if ((File.GetUnixFileMode("/dev/null") & everyone) != everyone)
        {
            File.SetUnixFileMode("/dev/null", everyone);
        }
    }

    private static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            foreach (var version in Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(v => v, StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(version, "bin", "initdb")))
                {
                    return Path.Combine(version, "bin");
                }
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static void Run(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
