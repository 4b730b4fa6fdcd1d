using System.Runtime.CompilerServices;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using BulletinBot.TestPages;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Tests.Ingestion;

/// <summary>
/// Where the store is written alone (the ingest command), the pages of a round are committed together, <see cref="Ingestor.BatchItems"/> items at a time, each page with its
/// source state in the same transaction: a failure between batches, a page that cannot be parsed, or a second read of
/// the same folder must neither lose nor double an item, and the change sequence stays one number per change.
/// </summary>
public sealed class BatchedIngestTests : IDisposable
{
    private const int ItemsPerPage = 10;

    /// <summary>Enough pages for two full batches and part of a third.</summary>
    private static readonly int PageCount = Math.Max(450, (Ingestor.BatchItems / ItemsPerPage * 2) + 50);

    private readonly string _folder = Directory.CreateTempSubdirectory("batched-pages-").FullName;
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"batched-{Guid.NewGuid():N}.db");

    public BatchedIngestTests()
    {
        for (var page = 0; page < PageCount; page++)
        {
            File.WriteAllText(Path.Combine(_folder, Name(page)), PageText(page));
        }
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        File.Delete(_store);
    }

    private static string Name(int page) => $"page-{page:D4}.txt";

    private static string PageText(int page) => NewsPages.Page(NewsPages.Items(page, ItemsPerPage, bodyLength: 200));

    private static int Total => PageCount * ItemsPerPage;

    [Fact]
    public async Task A_failure_in_the_second_batch_keeps_the_first_drops_the_second_whole_and_the_next_round_stores_the_rest_once()
    {
        // The failing page sits in the middle of the second batch; its batch's transaction must roll back whole.
        var failing = Name((Ingestor.BatchItems / ItemsPerPage) + 20);
        using (var archive = new Archive(_store))
        {
            var failure = await Assert.ThrowsAsync<IOException>(() =>
                Batched(archive).IngestAsync(new FailingAlongside(new SeedFolderSource(_folder), failing), CancellationToken.None));
            Assert.Equal("injected", failure.Message);

            AssertEveryPageWholeOrAbsent(archive.Store);
            Assert.Equal(Ingestor.BatchItems, archive.Store.Count());
            Assert.Equal(archive.Store.Count(), archive.Store.LastSequence());
        }

        using var reopened = new Archive(_store);
        var report = await Batched(reopened).IngestAsync(new SeedFolderSource(_folder), CancellationToken.None);

        Assert.Equal((Total - Ingestor.BatchItems, 0, 0), (report.Added, report.Updated, report.Failed));
        Assert.Equal(Ingestor.BatchItems / ItemsPerPage, report.Unchanged);
        AssertEveryPageWholeOrAbsent(reopened.Store);
        Assert.Equal(Total, reopened.Store.Count());

        // One change per item, numbered 1..N: the outbox and the index, which follow the sequence, see each item once.
        Assert.Equal(Total, reopened.Store.LastSequence());
        var changes = new ChangeFeed(reopened.Database, reopened.Store, reopened.Checkpoints).Pending("test", Total + 1);
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), changes.Select(c => c.Sequence));
        Assert.Equal(Total, changes.Select(c => c.Bulletin.Id).Distinct().Count());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Pages_read_before_a_source_fails_are_stored_and_the_failure_is_still_reported()
    {
        using var archive = new Archive(_store);
        var stopAfter = (Ingestor.BatchItems / ItemsPerPage) + 30;

        var failure = await Assert.ThrowsAsync<SourceFailedException>(() =>
            Batched(archive).IngestAsync(new FailingAfter(new SeedFolderSource(_folder), stopAfter), CancellationToken.None));

        Assert.Contains("gone", failure.Message, StringComparison.Ordinal);
        AssertEveryPageWholeOrAbsent(archive.Store);
        Assert.Equal(stopAfter * ItemsPerPage, archive.Store.Count());
        Assert.Equal(archive.Store.Count(), archive.Store.LastSequence());
    }

    [Fact]
    public async Task A_page_that_cannot_be_parsed_is_skipped_with_one_line_and_the_pages_around_it_are_stored()
    {
        await File.WriteAllBytesAsync(Path.Combine(_folder, Name(120)), [0x43, 0x75, 0x62, 0x61, 0x0A, 0xE9, 0xFF, 0x0A]);
        await File.WriteAllTextAsync(Path.Combine(_folder, Name(300)), "Cuba in USA\n\n");
        using var archive = new Archive(_store);

        var report = await Batched(archive).IngestAsync(new SeedFolderSource(_folder), CancellationToken.None);

        Assert.Equal((PageCount, 2, Total - (2 * ItemsPerPage)), (report.Pages, report.Failed, report.Added));
        Assert.Equal(Total - (2 * ItemsPerPage), archive.Store.Count());
        Assert.Null(archive.Store.GetSource("seeds/" + Name(120)));
        Assert.NotNull(archive.Store.GetSource("seeds/" + Name(121)));
        var warnings = archive.IngestLog.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains(Name(120), StringComparison.Ordinal) && w.Contains("not UTF-8", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains(Name(300), StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.DoesNotContain('\n', w));
    }

    [Fact]
    public async Task Reading_the_same_folder_again_adds_nothing_and_takes_no_change_number()
    {
        using var archive = new Archive(_store);
        var first = await Batched(archive).IngestAsync(new SeedFolderSource(_folder), CancellationToken.None);
        var sequence = archive.Store.LastSequence();

        var second = await Batched(archive).IngestAsync(new SeedFolderSource(_folder), CancellationToken.None);

        Assert.Equal((Total, PageCount), (first.Added, first.Pages));
        Assert.Equal(new IngestReport(Pages: PageCount, Unchanged: PageCount), second);
        Assert.Equal(sequence, archive.Store.LastSequence());
        Assert.Equal(Total, archive.Store.Count());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_log_is_synced_a_few_times_per_transaction_not_once_per_page_written()
    {
        using var archive = new Archive(_store);
        var before = archive.Database.LogSyncs;

        await Batched(archive).IngestAsync(new SeedFolderSource(_folder), CancellationToken.None);

        // Three batches, each a few hundred log pages; LiteDB on its own synced once per page (thousands).
        Assert.InRange(archive.Database.LogSyncs - before, 1, 12);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_running_bot_commits_page_by_page_so_readers_on_other_threads_go_on()
    {
        // A bot's store holds its collections after its first page; LiteDB 5.0.20 also faults when one thread reads a
        // collection another thread's open transaction is creating, which this test is not about.
        using var archive = new Archive(_store);
        archive.Store.UpsertPages([new PageWrite(BulletinParser.Parse(PageText(PageCount)).Items, new SourceState("seeds/first", "x", 10, archive.Time.GetUtcNow()))]);
        using var done = new CancellationTokenSource();
        var reads = 0;
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                archive.Store.Latest(null, 10);
                archive.Store.GetSource("seeds/" + Name(reads % PageCount));
                archive.Store.Get("0000000000000000");
                Interlocked.Increment(ref reads);
            }
        })).ToList();

        var report = await archive.Ingestor.IngestAsync(new SeedFolderSource(_folder), CancellationToken.None);
        await done.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(Total, report.Added);
        Assert.True(reads > 0);
        AssertEveryPageWholeOrAbsent(archive.Store);
    }

    /// <summary>An ingestor that shares transactions, as the ingest command's does (its store is written alone).</summary>
    private static Ingestor Batched(Archive archive) => new(archive.Store, archive.Time, archive.IngestLog, Ingestor.BatchItems);

    /// <summary>Every page is stored with all its items and its source state, or has neither.</summary>
    private static void AssertEveryPageWholeOrAbsent(BulletinStore store)
    {
        for (var page = 0; page < PageCount; page++)
        {
            var state = store.GetSource("seeds/" + Name(page));
            var stored = BulletinParser.Parse(PageText(page)).Items.Count(item => store.Get(item.Id) == item with { Origin = "seeds" });
            Assert.True(
                (state is not null && stored == ItemsPerPage) || (state is null && stored == 0),
                $"{Name(page)}: state {(state is null ? "absent" : "present")}, {stored} of {ItemsPerPage} items stored");
        }
    }

    /// <summary>A source whose page <paramref name="failing"/> fails to be saved alongside, inside its batch's transaction.</summary>
    private sealed class FailingAlongside(IBulletinSource inner, string failing) : IBulletinSource
    {
        public string Name => inner.Name;

        public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var document in inner.ReadAsync(cancellationToken))
            {
                yield return document.Name == failing ? document with { SaveAlongside = () => throw new IOException("injected") } : document;
            }
        }
    }

    /// <summary>A source that fails (a lost connection) after <paramref name="pages"/> pages.</summary>
    private sealed class FailingAfter(IBulletinSource inner, int pages) : IBulletinSource
    {
        public string Name => inner.Name;

        public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var read = 0;
            await foreach (var document in inner.ReadAsync(cancellationToken))
            {
                if (read++ == pages)
                {
                    throw new SourceFailedException("the folder is gone", new IOException("gone"));
                }

                yield return document;
            }
        }
    }
}
