using System.Diagnostics;
using System.Globalization;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// Starts the real host binary (src/BulletinBot, built Release beside this project) as a user would:
/// a new process each time, settings from environment variables, run from the repository root (so
/// it reads the repository's appsettings.json), and no chat platform token, so it never connects.
/// </summary>
internal static class HostProcess
{
    private static readonly string[] PlatformVariables = ["Telegram__BotToken", "Discord__BotToken"];

    /// <summary>The host started: the Release build beside the benchmark, or what <see cref="HostForm"/> published.</summary>
    public static string Binary { get; set; } = RepoPaths.HostBinary();

    public static bool Exists => File.Exists(Binary);

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, bool redirectInput = false)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in PlatformVariables)
        {
            start.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs the host to its end; the output is kept only when asked for (it is always read, so no pipe fills).</summary>
    public static (int Exit, string Output, TimeSpan Elapsed) Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, bool captureOutput)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(StartInfo(arguments, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        return (process.ExitCode, captureOutput ? output.Result + error.Result : "", clock.Elapsed);
    }

    /// <summary>The process's peak and current resident memory from /proc (Linux); zeros where there is none.</summary>
    public static (long PeakBytes, long ResidentBytes) Memory(int pid)
    {
        try
        {
            long peak = 0;
            long resident = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    resident = Kilobytes(line);
                }
            }

            return (peak, resident);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
