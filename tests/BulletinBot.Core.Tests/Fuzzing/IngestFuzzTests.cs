using System.Runtime.CompilerServices;
using System.Text;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Ingestion;
using CsCheck;

namespace BulletinBot.Core.Tests.Fuzzing;

[Trait("Category", "Slow")]
public sealed class IngestFuzzTests
{
    private const int PageCount = 10_000;

    private static readonly Gen<string> PageText =
        Gen.Select(FuzzInput.Text, FuzzInput.Structured, FuzzInput.Text, (a, b, c) => $"Fuzz desk\n\n{a}\n{b}\n\n{c}\n");

    [Fact]
    public async Task Ten_thousand_random_pages_never_crash_the_ingest_and_every_item_read_is_stored()
    {
        var pages = Array.Empty<string>();
        PageText.Array[PageCount].Sample(generated => { pages = generated; }, iter: 1, threads: 1);
        var expected = new Dictionary<string, Bulletin>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            try
            {
                // As the ingest reads it: from UTF-8 bytes, in which a lone surrogate of the generated text is U+FFFD.
                if (PageDecoder.TryDecode(Encoding.UTF8.GetBytes(page)) is not { } text)
                {
                    continue;
                }

                foreach (var item in BulletinParser.Parse(text).Items)
                {
                    expected.TryAdd(item.Id, item);
                }
            }
            catch (BulletinFormatException)
            {
                // Counted by the ingest as a failed page.
            }
        }

        using var archive = new Archive();
        var report = await archive.Ingestor.IngestAsync(new GeneratedPages(pages), CancellationToken.None);

        Assert.Equal(PageCount, report.Pages);

        // An item not stored under its own id was taken as a correction of a stored item of the same source and date
        // (see ItemIdentity): random pages of one source do write alike titles on one day, but rarely.
        var stored = archive.Store.All().ToList();
        var byDay = stored.ToLookup(b => (b.Source, b.Date));
        var merged = expected.Values.Where(item => archive.Store.Get(item.Id) is null).ToList();
        Assert.All(merged, item => Assert.True(item.Date is not null && byDay[(item.Source, item.Date)].Any(), $"dropped: {item.Title}"));
        Assert.True(merged.Count * 100 <= expected.Count, $"{merged.Count} of {expected.Count} items taken as corrections");
        Assert.Equal(expected.Count - merged.Count, stored.Count);
    }

    private sealed class GeneratedPages(string[] pages) : IBulletinSource
    {
        public string Name => "generated";

        public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < pages.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new RawDocument($"page-{i:D5}.txt", Encoding.UTF8.GetBytes(pages[i]));
            }

            await Task.CompletedTask;
        }
    }
}
