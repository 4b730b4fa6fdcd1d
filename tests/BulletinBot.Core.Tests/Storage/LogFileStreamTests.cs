using System.Globalization;
using BulletinBot.Core.Search.Query;
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
    public void The_page_header_flag_the_log_syncs_before_is_the_one_LiteDB_calls_confirmed()
    {
        // The stream syncs before a page whose byte 18 is set, which is where LiteDB 5.0.20 marks a
        // transaction's last page. Should an upgrade move the flag or change the page size, this fails
        // rather than a power cut finding out.
        var all = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
        var assembly = typeof(LiteDB.LiteDatabase).Assembly;
        var flag = assembly.GetType("LiteDB.Engine.BasePage", throwOnError: true)!.GetField("P_IS_CONFIRMED", all)!;
        var size = assembly.GetType("LiteDB.Constants", throwOnError: true)!.GetField("PAGE_SIZE", all)!;

        Assert.Equal(LogFileStream.ConfirmedFlag, Convert.ToInt32(flag.GetRawConstantValue(), CultureInfo.InvariantCulture));
        Assert.Equal(LogFileStream.PageSize, Convert.ToInt32(size.GetRawConstantValue(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Each_transaction_in_the_log_carries_the_flag_on_its_last_page_only()
    {
        var path = Path.Combine(_folder, "flags.db");
        using var archive = new Archive(path);
        var syncs = archive.Database.LogSyncs;

        // Transactions of many pages (items of 2 KB), well under LiteDB's checkpoint size.
        for (var batch = 0; batch < 3; batch++)
        {
            archive.Store.UpsertBatch(Enumerable.Range(0, 100).Select(i => Item($"Item {batch}-{i}", Day(2011, 1, 1).AddDays(i), new string('x', 2000))).ToList());
        }

        // LiteDB writes its log on a thread of its own, after the commit returns: wait until all three are in.
        var transactions = Transactions(ReadLog(path));
        for (var wait = 0; wait < 100 && transactions.Count(t => t.Count() > 20 && t.Any(p => p.Confirmed)) < 3; wait++)
        {
            Thread.Sleep(100);
            transactions = Transactions(ReadLog(path));
        }

        Assert.Equal(3, transactions.Count(t => t.Count() > 20));
        Assert.All(transactions, t => Assert.Equal([t.Max(p => p.Place)], t.Where(p => p.Confirmed).Select(p => p.Place)));
        Assert.InRange(archive.Database.LogSyncs - syncs, 3, 2 * transactions.Count);
    }

    private static List<IGrouping<uint, (uint Transaction, bool Confirmed, int Place)>> Transactions(byte[] log) =>
        Enumerable.Range(0, log.Length / LogFileStream.PageSize)
            .Select(place => (Transaction: BitConverter.ToUInt32(log, (place * LogFileStream.PageSize) + 14), Confirmed: log[(place * LogFileStream.PageSize) + LogFileStream.ConfirmedFlag] != 0, Place: place))
            .GroupBy(page => page.Transaction)
            .ToList();

    private static byte[] ReadLog(string path)
    {
        using var stream = new FileStream(LogFileStream.PathOf(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
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
