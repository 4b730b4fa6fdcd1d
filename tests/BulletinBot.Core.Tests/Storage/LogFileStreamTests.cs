using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>The store's log stream through a whole life of a store file: written, read back before a checkpoint, closed, opened again.</summary>
public sealed class LogFileStreamTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_store_read_from_its_log_and_searched_closes_cleanly_and_opens_again_with_everything()
    {
        var path = Path.Combine(_folder, "bulletins.db");
        var items = Enumerable.Range(0, 3000).Select(i => Item($"Item {i} harbour talks", Day(2010, 1, 1).AddDays(i))).ToList();
        using (var archive = new Archive(path))
        {
            foreach (var batch in items.Chunk(700))
            {
                archive.Store.UpsertBatch(batch);
            }

            Assert.Equal(10, archive.Store.Latest(null, 10).Count);
            Assert.NotEmpty(archive.Search.Find(SearchQueryParser.Parse("harbour talks").Query!, 0, 10).Hits);
        }

        Assert.False(File.Exists(LogFileStream.PathOf(path)), "the log is emptied into the file and removed at close");
        // Opened again only to read: the index is prepared beside it and searched, as a bot that ingests nothing does.
        using (var again = new Archive(path))
        {
            await again.Search.PrepareAsync();
            Assert.Equal(items.Count, again.Search.Find(SearchQueryParser.Parse("harbour").Query!, 0, 10).Total);
        }

        using var third = new Archive(path);
        Assert.Equal(items.Count, third.Store.Count());
        Assert.Equal("Item 2999 harbour talks", third.Store.Latest(null, 1).Single().Title);
    }

    [Fact]
    public void Closing_the_log_twice_is_harmless_and_an_empty_log_is_removed()
    {
        // LiteDB closes a log stream it was given at its own close on some paths (seen in the benchmark's
        // read-only reopen), and the store closes it again after LiteDB: the second close threw.
        var path = Path.Combine(_folder, "twice.db");
        var log = LogFileStream.Open(path);
        Assert.True(File.Exists(LogFileStream.PathOf(path)));

        log.Dispose();
        log.Dispose();

        Assert.False(File.Exists(LogFileStream.PathOf(path)));
    }
}
