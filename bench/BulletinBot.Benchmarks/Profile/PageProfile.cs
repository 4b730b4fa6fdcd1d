using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Runner;
using BulletinBot.Benchmarks.Store;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Benchmarks.Profile;

/// <summary>
/// <c>profile-page [items] [work]</c>: where a page of results spends its time, part by part, on a
/// store with its persisted index: opening the index, reading ten random bulletins from the stored
/// fields, cutting their snippets, and how other stored-field codecs would compress and decode the
/// same records. For deciding, not for the report.
/// </summary>
internal static class PageProfile
{
    public static int Run(IReadOnlyList<string> args)
    {
        var size = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var work = args.Count > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "page-profile");
        Directory.CreateDirectory(work);
        var file = Path.Combine(work, $"store-{size}.db");
        if (args.Count > 2 && args[2] == "find")
        {
            using var opened = new OurStore(file);
            using var finder = new BulletinSearch(opened.Store, NullLogger<BulletinSearch>.Instance);
            foreach (var text in new[] { "migration talks", "migration", "talks", "embassy", "\"migration talks\"" })
            {
                var parsed = SearchQueryParser.Parse(text).Query!;
                Console.WriteLine($"{text}: {finder.Find(parsed, 0, 10).Total} matches");
                Time($"find {text}", [.. Enumerable.Repeat(new List<Bulletin>(), 2000)], _ => finder.Find(parsed, 0, 10).Hits.Count);
            }

            return 0;
        }

        var corpus = new CorpusGenerator(RepoPaths.Seeds).Generate(size).ToList();
        if (!File.Exists(file))
        {
            using var writer = new OurStore(file);
            writer.Ingest(corpus, StoreCatalog.BatchSize);
        }

        using var store = new OurStore(file);
        var build = Stopwatch.StartNew();
        using (var first = new BulletinSearch(store.Store, NullLogger<BulletinSearch>.Instance))
        {
            first.PrepareAsync().GetAwaiter().GetResult();
            first.MergesIdle().GetAwaiter().GetResult();
            Console.WriteLine($"index ready ({first.Origin}) in {build.Elapsed.TotalMilliseconds:F0} ms");
        }

        var folder = BulletinSearch.IndexFolder(file);
        var files = Directory.GetFiles(folder, "*.bbs");
        Console.WriteLine($"index: {files.Sum(f => new FileInfo(f).Length) / 1048576.0:F1} MB in {files.Length} segments");
        for (var round = 0; round < 5; round++)
        {
            var open = Stopwatch.StartNew();
            using var reopened = new BulletinSearch(store.Store, NullLogger<BulletinSearch>.Instance);
            reopened.PrepareAsync().GetAwaiter().GetResult();
            Console.WriteLine($"open {round}: {open.Elapsed.TotalMilliseconds:F1} ms");
        }

        using var search = new BulletinSearch(store.Store, NullLogger<BulletinSearch>.Instance);
        var random = new Random(7);
        var pages = Enumerable.Range(0, 2000).Select(_ => Enumerable.Range(0, 10).Select(_ => corpus[random.Next(corpus.Count)]).ToList()).ToList();
        if (args.Count > 2)
        {
            Codecs(corpus);
            return 0;
        }

        Time("read 10 stored", pages, page => search.Read(page.Select(b => b.Id)).Count);
        Time("snippets of 10", pages, page =>
        {
            var query = page[0].Title.Split(' ').Select(w => SearchQueryParser.Parse(w).Query).FirstOrDefault(q => q is not null)
                ?? SearchQueryParser.Parse("news").Query!;
            foreach (var bulletin in page)
            {
                GC.KeepAlive(Snippets.Build(bulletin.Title, query, int.MaxValue));
                GC.KeepAlive(Snippets.Build(bulletin.Body, query));
            }

            return 0;
        });
        var query = SearchQueryParser.Parse("migration talks").Query!;
        Time("find", pages, _ => search.Find(query, 0, 10).Hits.Count);

        Codecs(corpus);
        return 0;
    }

    private static void Time(string what, List<List<Bulletin>> pages, Func<List<Bulletin>, int> action)
    {
        foreach (var page in pages.Take(200))
        {
            action(page);
        }

        var times = new List<double>();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        foreach (var page in pages)
        {
            var watch = Stopwatch.StartNew();
            action(page);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        times.Sort();
        Console.WriteLine($"{what}: p50 {times[times.Count / 2]:F4} ms, p99 {times[times.Count * 99 / 100]:F4} ms, {allocated / pages.Count:N0} B/page");
    }

    private static void Codecs(List<Bulletin> corpus)
    {
        var records = corpus.Select(b =>
        {
            var buffer = new BulletinBot.Core.Search.Index.GrowableArray<byte>(1024);
            StoredFields.Encode(b, buffer);
            return buffer.ToArray();
        }).ToList();
        Console.WriteLine($"records: {records.Sum(r => (long)r.Length) / 1048576.0:F1} MB raw, {records.Average(r => r.Length):F0} B each");
        foreach (var group in new[] { 1, 16 })
        {
            foreach (var (name, compress, decompress) in Variants())
            {
                var blocks = records.Chunk(group).Select(c => compress(c.SelectMany(r => r).ToArray())).ToList();
                var raw = records.Chunk(group).Select(c => c.Sum(r => r.Length)).ToList();
                var random = new Random(3);
                var watch = Stopwatch.StartNew();
                var reads = 20_000;
                for (var i = 0; i < reads; i++)
                {
                    var b = random.Next(blocks.Count);
                    decompress(blocks[b], raw[b]);
                }

                Console.WriteLine($"{name} × {group}: {blocks.Sum(x => (long)x.Length) / 1048576.0:F1} MB, {watch.Elapsed.TotalMilliseconds * 1000 / reads:F1} µs a block");
            }
        }
    }

    private static IEnumerable<(string, Func<byte[], byte[]>, Action<byte[], int>)> Variants()
    {
        foreach (var (quality, window) in new[] { (5, 22), (5, 16), (5, 12), (9, 16) })
        {
            yield return ($"brotli q{quality} w{window}", data =>
            {
                var output = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
                BrotliEncoder.TryCompress(data, output, out var written, quality, window);
                return output[..written];
            }, (data, length) =>
            {
                var output = new byte[length];
                BrotliDecoder.TryDecompress(data, output, out _);
            });
        }

        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal })
        {
            yield return ($"deflate {level}", data =>
            {
                using var memory = new MemoryStream();
                using (var deflate = new DeflateStream(memory, level))
                {
                    deflate.Write(data);
                }

                return memory.ToArray();
            }, (data, length) =>
            {
                var output = new byte[length];
                using var deflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
                deflate.ReadExactly(output);
            });
        }
    }
}
