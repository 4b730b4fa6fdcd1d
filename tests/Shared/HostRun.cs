using System.Diagnostics;

namespace BulletinBot.TestPages;

/// <summary>The host as a child process with exactly these settings (inherited ones with "__" cleared), until it exits or is disposed.</summary>
internal sealed class HostRun : IDisposable
{
    private readonly Process process;
    private readonly ProcessOutput output = new();

    private HostRun(Process process)
    {
        this.process = process;
        output.Follow(process);
    }

    public string Output => output.Text;

    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool HasExited => process.HasExited;

    public static HostRun Start(string program, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return new HostRun(Process.Start(start)!);
    }

    public async Task<int> WaitForExitAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not exit in 60 s; output:\n{Output}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
