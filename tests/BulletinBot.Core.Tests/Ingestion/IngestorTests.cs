using System.Text;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Tests.Ingestion;

public sealed class IngestorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("seeds-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void CopySeeds()
    {
        foreach (var file in Directory.GetFiles(TestData.SeedsFolder, "*.txt"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task The_seeds_load_eight_items_and_a_second_run_adds_nothing()
    {
        CopySeeds();
        using var archive = new Archive();

        var first = await archive.IngestAsync(_folder);
        var second = await archive.IngestAsync(_folder);

        Assert.Equal((2, 8, 0), (first.Pages, first.Added, first.Failed));
        Assert.Equal((2, 0, 0, 2), (second.Pages, second.Added, second.Updated, second.Unchanged));
        Assert.Equal(8, archive.Store.Count());
    }

    [Fact]
    public async Task A_restart_on_the_same_file_adds_nothing()
    {
        CopySeeds();
        var path = Path.Combine(_folder, "store.db");
        using (var archive = new Archive(path))
        {
            Assert.Equal(8, (await archive.IngestAsync(_folder)).Added);
        }

        using (var restarted = new Archive(path))
        {
            var report = await restarted.IngestAsync(_folder);
            Assert.Equal(0, report.Added);
            Assert.Equal(8, restarted.Store.Count());
        }
    }

    [Fact]
    public async Task Bad_pages_are_logged_with_their_name_and_reason_and_the_rest_still_load()
    {
        CopySeeds();
        await File.WriteAllBytesAsync(Path.Combine(_folder, "empty.txt"), []);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "latin1.txt"), [0x43, 0x75, 0x62, 0x61, 0x0A, 0xE9, 0xFF, 0x0A]);
        await File.WriteAllTextAsync(Path.Combine(_folder, "header-only.txt"), "Cuba in USA\n\n");
        using var archive = new Archive();

        var report = await archive.IngestAsync(_folder);

        Assert.Equal(8, report.Added);
        Assert.Equal(3, report.Failed);
        var warnings = archive.IngestLog.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, w => w.Contains("empty.txt", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("latin1.txt", StringComparison.Ordinal) && w.Contains("not UTF-8", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("header-only.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_folder_is_reported_not_thrown()
    {
        using var archive = new Archive();

        var report = await archive.IngestAsync(Path.Combine(_folder, "missing"));

        Assert.Equal((0, 1), (report.Added, report.Failed));
        Assert.Contains(archive.IngestLog.Entries, e => e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edited_page_updates_the_changed_item_and_adds_the_new_one_and_search_follows()
    {
        CopySeeds();
        using var archive = new Archive();
        await archive.IngestAsync(_folder);
        Assert.IsType<ErrorReply>(await archive.AskAsync("search zanzibar"));

        var page = Path.Combine(_folder, Directory.GetFiles(_folder, "000_*.txt").Single());
        var text = await File.ReadAllTextAsync(page);
        var edited = text.Replace("Cuba in USA\n\n", "Cuba in USA\n\nA new item about Zanzibar\n\nOn August 20, 2018, delegates met about Zanzibar.\n\n", StringComparison.Ordinal)
            .Replace("with a Red Alert.", "with a Red Notice.", StringComparison.Ordinal);
        await File.WriteAllTextAsync(page, edited, new UTF8Encoding(false));

        var report = await archive.IngestAsync(_folder);

        Assert.Equal((1, 1), (report.Added, report.Updated));
        Assert.Equal(9, archive.Store.Count());
        var found = await archive.ListAsync("search zanzibar");
        Assert.Equal("A new item about Zanzibar", found.Cards.Single().Title.PlainText);
    }
}
