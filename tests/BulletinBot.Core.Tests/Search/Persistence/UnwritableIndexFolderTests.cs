using BulletinBot.Core.Commands;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Persistence;
using BulletinBot.TestDisk;

namespace BulletinBot.Core.Tests.Search.Persistence;

/// <summary>
/// A store whose index folder ("&lt;store&gt;.index") cannot be written: searches are answered from an index in memory,
/// as the index's design says, never "Something went wrong".
/// </summary>
public sealed class UnwritableIndexFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-indexfolder-").FullName;
    private bool _mounted;

    private string StorePath => Path.Combine(_folder, "bulletins.db");

    public void Dispose()
    {
        if (_mounted)
        {
            SmallDisk.Unmount(BulletinSearch.IndexFolder(StorePath));
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_file_where_the_index_folder_should_be_is_searched_from_memory_and_left_alone()
    {
        await StoreSeedsAsync();
        var index = BulletinSearch.IndexFolder(StorePath);
        await File.WriteAllTextAsync(index, "not a folder");

        await AssertSearchesAnswerAsync(IndexOrigin.InMemory);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(index));
    }

    [SkippableFact]
    public async Task A_full_disk_under_the_index_folder_is_searched_from_memory()
    {
        await StoreSeedsAsync();
        var index = BulletinSearch.IndexFolder(StorePath);
        _mounted = SmallDisk.TryMount(index, "64k");
        Skip.IfNot(_mounted, SmallDisk.Unavailable);
        SmallDisk.Fill(Path.Combine(index, "filler"));
        Assert.Equal(0, new DriveInfo(index).AvailableFreeSpace);

        // Whether the index gives up at its first write or at a later one, every search is answered.
        await AssertSearchesAnswerAsync(expected: null);
    }

    private async Task StoreSeedsAsync()
    {
        using var archive = new Archive(StorePath);
        Assert.Equal(8, (await archive.IngestAsync(TestData.SeedsFolder)).Added);
    }

    private async Task AssertSearchesAnswerAsync(IndexOrigin? expected)
    {
        using var archive = new Archive(StorePath);
        var found = await archive.ListAsync("search cuba");
        Assert.NotEmpty(found.Cards);
        if (expected is { } origin)
        {
            Assert.Equal(origin, archive.Search.Origin);
        }

        // Items stored afterwards are searchable too: the index in memory follows the store.
        archive.Store.UpsertBatch([TestData.Item("Harbour talks resume in Matanzas", TestData.Day(2024, 5, 1))]);
        Assert.Single((await archive.ListAsync("search matanzas harbour")).Cards);
    }
}
