using System.Text.RegularExpressions;

namespace BulletinBot.Tests;

/// <summary>The Dockerfile, read as text: Docker cannot build in every test run, so what it must say is checked here.</summary>
public sealed partial class DockerfileTests
{
    internal static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BulletinBot.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (BulletinBot.slnx) was not found above the test's folder.");
    }

    [Fact]
    public void Every_test_project_is_restored_and_run_in_the_test_stage()
    {
        var root = Root();
        var dockerfile = File.ReadAllText(Path.Combine(root, "Dockerfile"));
        var projects = Directory.GetFiles(Path.Combine(root, "tests"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .ToList();

        Assert.Contains("BulletinBot.Discord.Tests", projects);
        foreach (var project in projects)
        {
            Assert.Contains($"COPY tests/{project}/{project}.csproj tests/{project}/", dockerfile, StringComparison.Ordinal);
            Assert.Contains($"dotnet restore tests/{project}/{project}.csproj", dockerfile, StringComparison.Ordinal);
            Assert.Contains($"dotnet test tests/{project} ", dockerfile, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_runtime_follows_the_target_architecture_and_the_seeds_are_no_volume()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root(), "Dockerfile"));

        Assert.DoesNotMatch(FixedRid(), dockerfile);
        Assert.Contains("ARG TARGETARCH", dockerfile, StringComparison.Ordinal);
        Assert.Contains("amd64) rid=linux-x64", dockerfile, StringComparison.Ordinal);
        Assert.Contains("arm64) rid=linux-arm64", dockerfile, StringComparison.Ordinal);
        var volumes = Assert.Single(dockerfile.Split('\n'), line => line.StartsWith("VOLUME", StringComparison.Ordinal));
        Assert.DoesNotContain("seeds", volumes, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"ARG RID=|-r linux-x64")]
    private static partial Regex FixedRid();
}
