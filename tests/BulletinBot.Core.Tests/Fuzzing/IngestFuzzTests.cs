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
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            try
            {
                expected.UnionWith(BulletinParser.Parse(page).Items.Select(i => i.Id));
            }
            catch (BulletinFormatException)
            {
                // Counted by the ingest as a failed page.
            }
        }

        using var archive = new Archive();
        var report = await archive.Ingestor.IngestAsync(new GeneratedPages(pages), CancellationToken.None);

        Assert.Equal(PageCount, report.Pages);
        Assert.Equal(expected.Count, archive.Store.Count());
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
