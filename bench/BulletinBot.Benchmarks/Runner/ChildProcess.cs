using System.Diagnostics;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// Runs one measurement in a fresh process of this same binary, so that each engine's peak
/// memory is its own and no engine warms the runtime for another.
/// </summary>
internal static class ChildProcess
{
    public static int Run(string label, IEnumerable<string> arguments, TextWriter log)
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

        using var process = new Process { StartInfo = start };
        var gate = new Lock();
        void Forward(string? line, bool error)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                log.WriteLine($"[{label}] {line}");
                if (error || line.StartsWith("##", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"  [{label}] {line.TrimStart('#', ' ')}");
                }
            }
        }

        process.OutputDataReceived += (_, e) => Forward(e.Data, false);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }
}
