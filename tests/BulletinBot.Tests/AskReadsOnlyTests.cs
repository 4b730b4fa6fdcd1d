using System.Text;

namespace BulletinBot.Tests;

/// <summary>ask answers from what is stored and writes nothing; ingest --explain reads a page as the ingest does.</summary>
public sealed class AskReadsOnlyTests : IDisposable
{
    private readonly HostFixture _host = new();
    private readonly string _seeds;

    public AskReadsOnlyTests()
    {
        _seeds = Directory.CreateDirectory(Path.Combine(_host.Folder, "seeds")).FullName;
        foreach (var page in Directory.GetFiles(HostFixture.SeedsFolder))
        {
            File.Copy(page, Path.Combine(_seeds, Path.GetFileName(page)));
        }
    }

    public void Dispose() => _host.Dispose();

    private Dictionary<string, string?> Settings()
    {
        var settings = _host.Settings();
        settings["Ingestion:SeedsPath"] = _seeds;
        return settings;
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => HostFixture.RunAsync(Settings(), "", args);

    [Fact]
    public async Task Ask_on_a_missing_store_says_to_ingest_first_and_makes_nothing()
    {
        var (code, output, error) = await RunAsync("ask", "latest");

        Assert.Equal(3, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("Storage error: There is no store at ", line, StringComparison.Ordinal);
        Assert.Contains("BulletinBot ingest", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(_host.StorePath)), "ask made the store's folder");
    }

    [Fact]
    public async Task Ask_answers_from_the_store_without_reading_the_sources_or_writing_anything()
    {
        // A page the ingest skips with a warning, and one it would add: ask neither warns nor adds.
        await File.WriteAllBytesAsync(Path.Combine(_seeds, "broken.txt"), [0x00, 0x01, 0x02]);
        Assert.Equal(1, (await RunAsync("ingest")).ExitCode);
        await File.WriteAllTextAsync(
            Path.Combine(_seeds, "later.txt"), "Harbour desk\n\nHarbour works reach the second stage\n\nOn March 2, 2030, the harbour works reached stage two.\n");
        var bytes = await File.ReadAllBytesAsync(_host.StorePath);
        var written = File.GetLastWriteTimeUtc(_host.StorePath);
        var folder = Directory.GetFileSystemEntries(Path.GetDirectoryName(_host.StorePath)!).Order().ToList();

        foreach (var command in new[] { "latest", "stats", "date 2018-01", "latest 20" })
        {
            var (code, output, error) = await RunAsync("ask", command);

            Assert.True(code == 0, $"{command}: {error}");
            Assert.Equal(string.Empty, error);
            Assert.DoesNotContain("Harbour works", output, StringComparison.Ordinal);
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(_host.StorePath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(_host.StorePath));
        Assert.Equal(folder, Directory.GetFileSystemEntries(Path.GetDirectoryName(_host.StorePath)!).Order().ToList());
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Ask_answers_from_a_read_only_copy_of_a_store_and_leaves_it_as_it_was()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "File modes are checked on Linux.");
        Skip.IfNot(Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"), "root ignores file modes, and asking as another user needs root and setpriv.");
        Assert.Equal(0, (await RunAsync("ingest")).ExitCode);
        var copy = Directory.CreateDirectory(Path.Combine(_host.Folder, "copy")).FullName;
        var store = Path.Combine(copy, "bulletins.db");
        File.Copy(_host.StorePath, store);
        File.SetUnixFileMode(store, (UnixFileMode)0b100_100_100);
        File.SetUnixFileMode(copy, (UnixFileMode)0b101_101_101);
        File.SetUnixFileMode(_host.Folder, (UnixFileMode)0b111_101_101);
        var home = Directory.CreateDirectory(Path.Combine(_host.Folder, "nobody")).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        var bytes = await File.ReadAllBytesAsync(store);
        var written = File.GetLastWriteTimeUtc(store);
        var environment = new Dictionary<string, string?> { ["Storage__Path"] = store, ["HOME"] = home, ["DOTNET_CLI_HOME"] = home };

        foreach (var (command, expected) in new[] { ("latest 2", "Cuba hands over"), ("search migration", "*Migration* talks"), ("stats", "8 items from 1 source.") })
        {
            using var nobody = HostProcess.Start(
                home, environment, redirectInput: false, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], ["ask", .. command.Split(' ')]);
            var code = await nobody.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(code == 0, $"{command}: {nobody.Error}");
            Assert.Contains(expected, nobody.Output, StringComparison.Ordinal);
            Assert.Equal(string.Empty, nobody.Error);
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(store));
        Assert.Equal(written, File.GetLastWriteTimeUtc(store));
        Assert.Equal([store], Directory.GetFileSystemEntries(copy));
    }

    [Theory]
    [InlineData("search zzqqxx", "Nothing matches zzqqxx.")]
    [InlineData("date 1999-01-01", "Nothing is dated")]
    public async Task An_empty_result_is_an_answer_on_stdout_with_exit_0(string command, string expected)
    {
        Assert.Equal(0, (await RunAsync("ingest")).ExitCode);

        var (code, output, error) = await RunAsync("ask", command);

        Assert.Equal(0, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task An_empty_archive_is_an_answer_on_stdout_with_exit_0()
    {
        foreach (var page in Directory.GetFiles(_seeds))
        {
            File.Delete(page);
        }

        Assert.Equal(0, (await RunAsync("ingest")).ExitCode);

        var (code, output, error) = await RunAsync("ask", "latest");

        Assert.Equal(0, code);
        Assert.Contains("The archive is empty", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task A_command_that_is_not_understood_still_exits_1_on_stderr()
    {
        Assert.Equal(0, (await RunAsync("ingest")).ExitCode);

        var (code, output, error) = await RunAsync("ask", "date 2018-02-30");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("not a real date", error, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, byte[]> PagesTheIngestSkips() => new()
    {
        { "binary", [0x00, 0x9f, 0x92, 0x00, 0x01] },
        { "empty", [] },
        { "latin1", Encoding.Latin1.GetBytes("Canciller\u00eda\n\nReuni\u00f3n en La Habana\n\nLa Habana, 7 de marzo de 2023.- Se reunieron las delegaciones.\n") },
    };

    [Theory]
    [MemberData(nameof(PagesTheIngestSkips))]
    public async Task Explain_exits_as_the_ingest_does_on_a_page_it_skips(string kind, byte[] content)
    {
        foreach (var page in Directory.GetFiles(_seeds))
        {
            File.Delete(page);
        }

        var file = Path.Combine(_seeds, kind + ".txt");
        await File.WriteAllBytesAsync(file, content);

        var (ingestCode, ingested, _) = await RunAsync("ingest");
        var (explainCode, _, explained) = await RunAsync("ingest", "--explain", file);

        Assert.Contains("1 page(s) skipped", ingested, StringComparison.Ordinal);
        Assert.Equal(1, ingestCode);
        Assert.Equal(ingestCode, explainCode);
        Assert.StartsWith("Not read as a bulletin page", explained, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_reads_a_utf8_page_the_ingest_stores()
    {
        var file = Path.Combine(_host.Folder, "utf8.txt");
        await File.WriteAllTextAsync(file, "Canciller\u00eda\n\nReuni\u00f3n en La Habana\n\nLa Habana, 7 de marzo de 2023.- Se reunieron las delegaciones.\n", new UTF8Encoding(false));

        var (code, output, _) = await RunAsync("ingest", "--explain", file);

        Assert.Equal(0, code);
        Assert.Contains("Canciller\u00eda", output, StringComparison.Ordinal);
        Assert.Contains("2023-03-07", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_names_a_folder_as_a_folder()
    {
        var (code, output, error) = await RunAsync("ingest", "--explain", _seeds);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"{_seeds} is a folder; give a page file.", error.Trim());
    }
}
