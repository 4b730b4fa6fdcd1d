using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Reads a source's pages, parses them and upserts their bulletins. Reading, hashing and parsing run on one thread
/// while the store commits on another (the reader never touches the store). Each page is committed with its source's
/// state in the same transaction, so a crash leaves a page stored and known to be read, or neither: it is read again,
/// never lost or doubled. Where nothing else reads the store meanwhile (the ingest command, see
/// <see cref="BulletinStore.WrittenAlone"/>), the pages of a round share transactions of <see cref="BatchItems"/>
/// items; a running bot, whose chats read while it ingests, commits page by page, because LiteDB 5.0.20 faults when
/// another thread reads during a transaction of many pages. Those who follow the store (the search index, the
/// outbox) read its change sequence; nobody is called back here.
/// </summary>
/// <param name="batchItems">Items per shared transaction; by default <see cref="BatchItems"/> for a store written
/// alone and one page per transaction otherwise.</param>
public sealed class Ingestor(
    IBulletinStore store,
    TimeProvider time,
    ILogger<Ingestor> logger,
    int? batchItems = null)
{
    /// <summary>A shared transaction commits once it holds this many items (or <see cref="BatchBytes"/> of pages, or the source ends).</summary>
    public const int BatchItems = 2_000;

    // Only LiteDB needs page-by-page commits while others read; a database server's readers never see a transaction's middle.
    private readonly int _batchItems = Math.Max(1, batchItems ?? (store is not BulletinStore { WrittenAlone: false } ? BatchItems : 1));

    /// <summary>A batch commits once its pages hold this many bytes of text, so a few huge pages are not held at once.</summary>
    public const int BatchBytes = 16 * 1024 * 1024;

    /// <summary>Pages read and parsed ahead of the commit that stores them.</summary>
    private const int ReadAhead = 256;

    public async Task<IngestReport> IngestAsync(IBulletinSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var channel = Channel.CreateBounded<PreparedPage>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // What each page held when last stored, read before the reader starts: the store is used from this thread alone.
        var known = store.SourceHashes(source.Name + "/");
        var reading = Task.Run(() => ReadAsync(source, known, channel.Writer, stop.Token), CancellationToken.None);

        var report = new IngestReport();
        var batch = new Batch(source.Name, _batchItems);
        try
        {
            await foreach (var page in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                report = report with { Pages = report.Pages + 1 };
                if (page.Failure is { } reason)
                {
                    logger.LogWarning("Skipped {Source} page {Page}: {Reason}", source.Name, page.Name, reason);
                    report = report with { Failed = report.Failed + 1 };
                    continue;
                }

                if (page.Write is null)
                {
                    report = report with { Unchanged = report.Unchanged + 1 };
                }

                if (page.Write is not null || page.Document.SaveAlongside is not null || page.Document.Stored is not null)
                {
                    batch.Add(page);
                }

                if (batch.Full)
                {
                    report = Commit(batch, report);
                }
            }
        }
        catch
        {
            // The store failed: what was read ahead is dropped (those pages are read again next round).
            await stop.CancelAsync();
            await Task.WhenAny(reading);
            throw;
        }

        // The pages read before a source failed are stored, then its failure is reported; a cancelled round stores nothing more.
        await Task.WhenAny(reading);
        if (!cancellationToken.IsCancellationRequested)
        {
            report = Commit(batch, report);
        }

        await reading;
        return report;
    }

    /// <summary>Reads, hashes and parses the source's pages ahead of the commits; a page's failure travels with it, a source's ends the task.</summary>
    private async Task ReadAsync(IBulletinSource source, IReadOnlyDictionary<string, string> known, ChannelWriter<PreparedPage> pages, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var document in source.ReadAsync(cancellationToken))
            {
                await pages.WriteAsync(Prepare(source.Name, known, document), cancellationToken);
            }
        }
        finally
        {
            // A source's failure stays with this task, so the pages before it are still stored.
            pages.TryComplete();
        }
    }

    private PreparedPage Prepare(string sourceName, IReadOnlyDictionary<string, string> known, RawDocument document)
    {
        if (document.Content is null)
        {
            return new PreparedPage(document, null, document.Error ?? "it could not be read", [], 0);
        }

        var key = $"{sourceName}/{document.Name}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(document.Content));
        if (known.GetValueOrDefault(key) == hash)
        {
            return new PreparedPage(document, null, null, [], document.Content.Length);
        }

        ParsedPage page;
        try
        {
            if (document.Page is { } parsed)
            {
                page = parsed;
            }
            else if (PageDecoder.TryDecode(document.Content) is { } text)
            {
                page = BulletinParser.Parse(text);
            }
            else
            {
                return new PreparedPage(document, null, PageDecoder.NotUtf8, [], 0);
            }
        }
        catch (BulletinFormatException exception)
        {
            return new PreparedPage(document, null, exception.Message, [], 0);
        }

        // Each item records the source it came from, for the sources command and source: filters.
        var items = page.Items.Select(item => item with { Origin = sourceName }).ToList();
        var write = new PageWrite(items, new SourceState(key, hash, items.Count, time.GetUtcNow()), document.SaveAlongside);
        return new PreparedPage(document, write, null, page.Warnings, document.Content.Length);
    }

    /// <summary>Stores the batch's pages in one transaction, then logs each and tells its source it is stored.</summary>
    private IngestReport Commit(Batch batch, IngestReport report)
    {
        if (batch.Pages.Count == 0)
        {
            return report;
        }

        var writes = batch.Pages.Select(p => p.Write ?? new PageWrite([], null, p.Document.SaveAlongside)).ToList();
        var results = store.UpsertPages(writes);
        for (var i = 0; i < batch.Pages.Count; i++)
        {
            var page = batch.Pages[i];
            page.Document.Stored?.Invoke();
            if (page.Write is null)
            {
                continue;
            }

            foreach (var warning in page.Warnings)
            {
                logger.LogInformation("{Source} page {Page}: {Warning}", batch.Source, page.Name, warning);
            }

            var result = results[i];
            logger.LogInformation(
                "Ingested {Source} page {Page}: {Added} new, {Updated} updated, {Unchanged} unchanged",
                batch.Source, page.Name, result.Added.Count, result.Updated.Count, result.Unchanged);
            report = report with
            {
                Added = report.Added + result.Added.Count,
                Updated = report.Updated + result.Updated.Count,
            };
        }

        batch.Clear();
        return report;
    }

    /// <summary>A page as read and parsed: what to write (null when it is unchanged or failed), or why it was skipped.</summary>
    private sealed record PreparedPage(RawDocument Document, PageWrite? Write, string? Failure, IReadOnlyList<string> Warnings, int Bytes)
    {
        public string Name => Document.Name;
    }

    /// <summary>The pages waiting for one shared commit.</summary>
    private sealed class Batch(string source, int items)
    {
        private int _items;
        private long _bytes;

        public string Source => source;

        public List<PreparedPage> Pages { get; } = [];

        public bool Full => _items >= items || _bytes >= BatchBytes;

        public void Add(PreparedPage page)
        {
            Pages.Add(page);
            _items += page.Write?.Items.Count ?? 0;
            _bytes += page.Bytes;
        }

        public void Clear()
        {
            Pages.Clear();
            _items = 0;
            _bytes = 0;
        }
    }
}

public sealed record IngestReport(int Pages = 0, int Unchanged = 0, int Failed = 0, int Added = 0, int Updated = 0);
