using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace BulletinBot.TestPages;

/// <summary>
/// The real host (<c>dotnet BulletinBot.dll</c>) as a child process, started the way a user or a container starts
/// it and configured only by its environment. It is hermetic: settings inherited from the test runner ("__" keys)
/// are cleared, and unless the caller names its own, <c>HOME</c>, the XDG data, config and cache folders,
/// <c>DOTNET_CLI_HOME</c> and <c>TMPDIR</c> point into a temporary folder of its own, so nothing it does reaches the
/// user's default store. Disposing it kills the whole process tree and removes that folder.
/// </summary>
internal sealed class HostProcess : IDisposable, IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly StringBuilder text = new();
    private readonly string? ownHome;

    private HostProcess(Process process, string? ownHome)
    {
        this.process = process;
        this.ownHome = ownHome;
        process.OutputDataReceived += (_, e) => Add(output, e.Data);
        process.ErrorDataReceived += (_, e) => Add(error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// The host's BulletinBot.dll: where the project named it (HostDirectory metadata), else copied into host/ beside
    /// the tests, else beside the tests (a project that references the host).
    /// </summary>
    public static string Program { get; } = FindProgram();

    /// <summary>What the host wrote to standard output.</summary>
    public string Output => Read(output);

    /// <summary>What the host wrote to standard error.</summary>
    public string Error => Read(error);

    /// <summary>Both streams, line by line in the order they were read.</summary>
    public string Text => Read(text);

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the host in <paramref name="workingDirectory"/> with these settings in its environment.</summary>
    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, bool redirectInput, params string[] args) =>
        Start(workingDirectory, environment, redirectInput, [], args);

    /// <summary>
    /// As <see cref="Start(string, IReadOnlyDictionary{string, string?}, bool, string[])"/>, with the host started
    /// through <paramref name="launcher"/> (e.g. sh -c "umask 000; exec \"$@\"" sh, or setpriv ...), which is given
    /// "dotnet", the program and the arguments.
    /// </summary>
    public static HostProcess Start(
        string workingDirectory, IReadOnlyDictionary<string, string?> environment, bool redirectInput, IReadOnlyList<string> launcher, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(launcher);
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var word in launcher.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        if (launcher.Count > 0)
        {
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

        var ownHome = environment.TryGetValue("HOME", out var home) && home is not null ? null : NewHome();
        home ??= ownHome!;
        start.Environment["HOME"] = home;
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
        start.Environment["XDG_STATE_HOME"] = Path.Combine(home, ".local", "state");
        start.Environment.Remove("XDG_RUNTIME_DIR");

        // The terminal chat speaks the locale's language: the host reads English unless a test sets one.
        start.Environment.Remove("LC_ALL");
        start.Environment.Remove("LC_MESSAGES");
        start.Environment.Remove("LANG");
        start.Environment["DOTNET_CLI_HOME"] = home;
        start.Environment["TMPDIR"] = ownHome is null ? home : Path.Combine(ownHome, "tmp");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        try
        {
            return new HostProcess(Process.Start(start)!, ownHome);
        }
        catch
        {
            DeleteHome(ownHome);
            throw;
        }
    }

    /// <summary>Starts the host in its own temporary home, which is also its working folder.</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Start(Path.GetDirectoryName(Program)!, environment, redirectInput: true, args);

    /// <summary>Runs the host to its end (at most 60 s): its exit code and both streams.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        await using var host = Start(workingDirectory, environment, redirectInput: false, args);
        var code = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, host.Output, host.Error);
    }

    /// <summary>
    /// Asks the host that owns <paramref name="storePath"/> for its health until it reports "outbox: idle" (every
    /// stored change read into the outbox, no row left to deliver): from then on nothing more goes out unless
    /// something new is stored. Returns that health report.
    /// </summary>
    public static async Task<string> WaitForIdleOutboxAsync(string storePath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var environment = new Dictionary<string, string?> { ["Storage__Path"] = storePath };
        while (true)
        {
            var (_, output, error) = await RunAsync(Path.GetDirectoryName(storePath)!, environment, "health");
            if (output.Contains("outbox: idle", StringComparison.Ordinal))
            {
                return output;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The outbox did not become idle in {timeout.TotalSeconds} s. Last health:\n{output}{error}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits for the host to exit, at most <paramref name="timeout"/>; a timeout names what it wrote.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var patience = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not exit in {timeout.TotalSeconds} s; output:\n{Text}");
        }

        // The parameterless wait also waits for the redirected streams to be read to their end.
        process.WaitForExit();
        return process.ExitCode;
    }

    public Task<int> WaitForExitAsync() => WaitForExitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Waits until the output or error stream contains <paramref name="expected"/>.</summary>
    public Task WaitForAsync(string expected, TimeSpan timeout) =>
        WaitUntilAsync(all => all.Contains(expected, StringComparison.Ordinal), timeout, $"\"{expected}\" did not appear");

    /// <summary>Waits until <paramref name="done"/> holds for everything the host wrote; fails if it exits first.</summary>
    public async Task WaitUntilAsync(Func<string, bool> done, TimeSpan timeout, string what = "The host did not get there")
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Text))
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                // One last look: the exit may have come after the last line was read.
                if (process.HasExited)
                {
                    process.WaitForExit();
                    if (done(Text))
                    {
                        return;
                    }
                }

                throw new TimeoutException($"{what}{(process.HasExited ? $" (the host exited with {process.ExitCode})" : "")}. Output: {Output} Error: {Error}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Writes <paramref name="input"/> to standard input and closes it, as a pipe's writer does when it ends.</summary>
    public async Task EndInputAsync(string input)
    {
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
    }

    /// <summary>Leaves the terminal chat as a person does, and waits for the process to end.</summary>
    public async Task QuitAsync()
    {
        await process.StandardInput.WriteLineAsync("quit");
        await process.StandardInput.FlushAsync();
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
        if (HostSignals.Kill(process.Id, sigterm) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to {process.Id} failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILL of the host and its children, and the wait for them to be gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(patience.Token);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        DeleteHome(ownHome);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        DeleteHome(ownHome);
    }

    private static string NewHome()
    {
        var home = Directory.CreateTempSubdirectory("bulletinbot-home-").FullName;
        Directory.CreateDirectory(Path.Combine(home, "tmp"));
        return home;
    }

    private static void DeleteHome(string? home)
    {
        if (home is null)
        {
            return;
        }

        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
            // A child that outlived the kill may still hold a file there; the temp folder's cleaner takes the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindProgram()
    {
        var named = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HostDirectory")?.Value;
        string[] candidates =
        [
            .. named is null ? Array.Empty<string>() : [Path.Combine(named, "BulletinBot.dll")],
            Path.Combine(AppContext.BaseDirectory, "host", "BulletinBot.dll"),
            Path.Combine(AppContext.BaseDirectory, "BulletinBot.dll"),
        ];
        return Path.GetFullPath(candidates.FirstOrDefault(File.Exists) ?? candidates[^1]);
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    private void Add(StringBuilder stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (stream)
        {
            stream.AppendLine(line);
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}

internal static partial class HostSignals
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
