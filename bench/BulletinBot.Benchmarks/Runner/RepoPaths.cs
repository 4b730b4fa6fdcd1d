namespace BulletinBot.Benchmarks.Runner;

/// <summary>Finds the repository from the running binary, so that no path of one machine is written down.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    public static string DefaultReport => Path.Combine(Root, "docs", "benchmarks.md");

    /// <summary>The host's build output beside ours, for the cold-start measurement.</summary>
    public static string HostBinary(string configuration = "Release") =>
        Path.Combine(Root, "src", "BulletinBot", "bin", configuration, "net10.0", OperatingSystem.IsWindows() ? "BulletinBot.exe" : "BulletinBot");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "BulletinBot.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Could not find the repository root (BulletinBot.slnx) above the benchmark binary or the current directory.");
    }
}
