namespace BulletinBot.Tests;

/// <summary>A throwaway store file and the copied seeds, for running the real host against.</summary>
public sealed class HostFixture : IDisposable
{
    public HostFixture()
    {
        Folder = Directory.CreateTempSubdirectory("bulletinbot-").FullName;
        StorePath = Path.Combine(Folder, "data", "bulletins.db");
    }

    public static string SeedsFolder => Path.Combine(AppContext.BaseDirectory, "seeds");

    public string Folder { get; }

    public string StorePath { get; }

    public Dictionary<string, string?> Settings() => new()
    {
        ["Storage:Path"] = StorePath,
        ["Ingestion:SeedsPath"] = SeedsFolder,
    };

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(string input, params string[] args) =>
        await RunAsync(Settings(), input, args);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IReadOnlyDictionary<string, string?> settings, string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BotCli.RunAsync(args, new StringReader(input), output, error, settings, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
