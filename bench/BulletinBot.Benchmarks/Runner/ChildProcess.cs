using System.Diagnostics;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// Runs one measurement in a fresh process of this same binary, so that each engine's peak
/// memory is its own and no engine warms the runtime for another.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Children write to one log and one console, a line at a time.</summary>
    private static readonly Lock Gate = new();

    public static int Run(string label, IEnumerable<string> arguments, TextWriter log)
    {
        using var process = new Process { StartInfo = StartInfo(arguments) };
        process.OutputDataReceived += (_, e) => Forward(label, e.Data, false, log);
        process.ErrorDataReceived += (_, e) => Forward(label, e.Data, true, log);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>This binary again, with <paramref name="arguments"/>, its output and errors read by the parent.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(processPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>A child's line to the log; its errors and its <c>##</c> lines to the console as well.</summary>
    public static void Forward(string label, string? line, bool error, TextWriter log)
    {
        if (line is null)
        {
            return;
        }

        lock (Gate)
        {
            log.WriteLine($"[{label}] {line}");
            if (error || line.StartsWith("##", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"  [{label}] {line.TrimStart('#', ' ')}");
            }
        }
    }
}
