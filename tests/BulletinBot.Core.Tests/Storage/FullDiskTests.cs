using System.Text;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using BulletinBot.TestDisk;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>
/// A store on a full disk: a 4 MB tmpfs holds the store, and a filler file takes the rest of the
/// room. Needs root to mount; where it cannot mount, the test is skipped and says why.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("bulletinbot-tmpfs-").FullName;
    private readonly string _pages = Directory.CreateTempSubdirectory("bulletinbot-pages-").FullName;
    private bool _mounted;

    public void Dispose()
    {
        if (_mounted)
        {
            // Lazily: a handle LiteDB kept after a failed write must not keep the mount (and the test) busy.
            SmallDisk.Unmount(_mount);
        }

        Directory.Delete(_mount, recursive: true);
        Directory.Delete(_pages, recursive: true);
    }

    [SkippableFact]
    public async Task A_full_disk_during_ingest_loses_nothing_stored_corrupts_nothing_and_the_retry_succeeds()
    {
        _mounted = SmallDisk.TryMount(_mount, "4m");
        Skip.IfNot(_mounted, SmallDisk.Unavailable);

        var path = Path.Combine(_mount, "bulletins.db");
        foreach (var seed in Directory.GetFiles(TestData.SeedsFolder, "*.txt"))
        {
            File.Copy(seed, Path.Combine(_pages, Path.GetFileName(seed)));
        }

        using (var archive = new Archive(path))
        {
            Assert.Equal(8, (await archive.IngestAsync(_pages)).Added);
        }

        // Leave almost no room, then ingest a page far larger than what is left.
        var filler = Path.Combine(_mount, "filler");
        SmallDisk.Fill(filler);
        Assert.InRange(new DriveInfo(_mount).AvailableFreeSpace, 0, 64 * 1024);
        await File.WriteAllTextAsync(Path.Combine(_pages, "big.txt"), BigPage(300), new UTF8Encoding(false));

        // The write fails when it is made, or later when LiteDB's writer flushes; either way what was
        // stored before stays, and the page is read again on the next round.
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var archive = new Archive(path);
            await archive.IngestAsync(_pages);
        });
        _ = failure;

        File.Delete(filler);
        using (var archive = new Archive(path))
        {
            Assert.Equal(8 + 300, archive.Store.Count() + (await archive.IngestAsync(_pages)).Added);
            Assert.Equal(8 + 300, archive.Store.All().Count());
            Assert.Equal(8 + 300, archive.Store.Latest(null, 1000).Count);
        }
    }

    private static string BigPage(int items)
    {
        var page = new StringBuilder("Big desk\n\n");
        for (var i = 1; i <= items; i++)
        {
            page.Append($"Report {i} on the long programme\n\nOn May {(i % 28) + 1}, 2022, report {i} said: ")
                .Append(string.Join(' ', Enumerable.Repeat($"paragraph{i} text", 40)))
                .Append(".\n\n");
        }

        return page.ToString();
    }
}
