using System.Diagnostics;
using System.Text;

namespace BulletinBot.Tests;

/// <summary>The built program started as a child process, the way a user or a container starts it.</summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private BotProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string Program => Path.Combine(AppContext.BaseDirectory, "BulletinBot.dll");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the program with exactly these settings in its environment (others it inherits are cleared).</summary>
    public static BotProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, bool redirectInput, params string[] args) =>
        Start(workingDirectory, environment, redirectInput, [], args);

    /// <summary>As <see cref="Start(string, IReadOnlyDictionary{string, string?}, bool, string[])"/>, with the program started through <paramref name="launcher"/> (e.g. sh -c "umask 000; exec \"$@\"" sh).</summary>
    public static BotProcess Start(
        string workingDirectory, IReadOnlyDictionary<string, string?> environment, bool redirectInput, IReadOnlyList<string> launcher, params string[] args)
    {
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
        };
        if (launcher.Count > 0)
        {
            foreach (var word in launcher.Skip(1))
            {
                start.ArgumentList.Add(word);
            }

            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new BotProcess(Process.Start(start)!);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, redirectInput: false, args);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, process.Output, process.Error);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until the output or error stream contains <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal) && !Error.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"\"{text}\" did not appear. Output: {Output} Error: {Error}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Writes <paramref name="text"/> to standard input and closes it, as a pipe's writer does when it ends.</summary>
    public async Task EndInputAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        _process.StandardInput.Close();
    }

    /// <summary>Leaves the terminal chat as a person does, and waits for the process to end.</summary>
    public async Task QuitAsync()
    {
        await _process.StandardInput.WriteLineAsync("quit");
        await _process.StandardInput.FlushAsync();
        var code = await WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (code != 0)
        {
            throw new InvalidOperationException($"The chat ended with {code}: {Error}");
        }
    }

    /// <summary>Sends SIGTERM, as docker stop does.</summary>
    public void Terminate()
    {
        const int sigterm = 15;
        if (NativeMethods.Kill(_process.Id, sigterm) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to {_process.Id} failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}

internal static partial class NativeMethods
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
