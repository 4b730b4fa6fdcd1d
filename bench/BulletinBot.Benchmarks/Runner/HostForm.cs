using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>
/// Which build of the host the user path starts. The Docker image ships a ReadyToRun publish, so a full
/// run publishes one into the work directory and measures that; the smoke run (CI) keeps to the Release
/// build beside the benchmark (JIT), which costs no publish. A publish that fails falls back to the build,
/// and the report says which form was measured.
/// </summary>
internal static class HostForm
{
    public const string ReadyToRun = "r2r";
    public const string Jit = "jit";

    /// <summary>Publishes the host when the form asks for it and points <see cref="HostProcess"/> at it; returns the form measured.</summary>
    public static string Prepare(BenchOptions options, string work, TextWriter log)
    {
        if (options.HostForm != ReadyToRun)
        {
            return Describe(Jit);
        }

        var output = Path.Combine(work, "host-r2r");
        EngineChild.TryDelete(output);
        var rid = RuntimeInformation.RuntimeIdentifier;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[]
        {
            "publish", Path.Combine("src", "BulletinBot", "BulletinBot.csproj"), "-c", "Release", "-r", rid,
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output,
        })
        {
            start.ArgumentList.Add(argument);
        }

        Console.Error.WriteLine($"== publishing the host ReadyToRun for {rid} (as the Docker image ships it)");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        log.WriteLine($"[host] dotnet publish ReadyToRun: exit {process.ExitCode} in {clock.Elapsed.TotalSeconds:F0} s\n{stdout.Result}{stderr.Result}");
        var binary = Path.Combine(output, OperatingSystem.IsWindows() ? "BulletinBot.exe" : "BulletinBot");
        if (process.ExitCode != 0 || !File.Exists(binary))
        {
            Console.Error.WriteLine("  the publish failed (see run.log); measuring the Release build instead");
            return Describe(Jit) + " (the ReadyToRun publish failed)";
        }

        // A publish that reused stale intermediate files (another publish's, e.g. a composite one) can fail to start.
        var previous = HostProcess.Binary;
        HostProcess.Binary = binary;
        var check = HostProcess.Run(["--version"], new Dictionary<string, string>(), captureOutput: true);
        if (check.Exit != 0)
        {
            HostProcess.Binary = previous;
            log.WriteLine($"[host] the ReadyToRun publish exits with {check.Exit} on --version: {check.Output}");
            Console.Error.WriteLine("  the published host does not start (see run.log); measuring the Release build instead");
            return Describe(Jit) + " (the ReadyToRun publish did not start)";
        }

        return Describe(ReadyToRun);
    }

    private static string Describe(string form) => form == ReadyToRun
        ? $"a ReadyToRun publish (`dotnet publish -c Release -r {RuntimeInformation.RuntimeIdentifier} --self-contained false -p:PublishReadyToRun=true`, as the Docker image ships it)"
        : "the Release build beside the benchmark (`src/BulletinBot/bin/Release`, compiled by the JIT at each start)";
}
