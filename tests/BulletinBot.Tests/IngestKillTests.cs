using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using BulletinBot.TestPages;
using Xunit.Abstractions;

namespace BulletinBot.Tests;

/// <summary>
/// kill -9 of <c>BulletinBot ingest</c>, which commits the pages of a round in shared transactions, at random moments
/// while it stores a folder of 600 pages; then a run to the end. Every page must end up stored once with all its
/// items, and the change sequence must hold one number per item: nothing lost, nothing doubled.
/// </summary>
public sealed class IngestKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Pages = 600;
    private const int ItemsPerPage = 10;

    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killing_ingest_between_and_during_batches_loses_and_doubles_nothing()
    {
        var folder = Path.Combine(_host.Folder, "pages");
        Directory.CreateDirectory(folder);
        var ids = new List<string>();
        for (var page = 0; page < Pages; page++)
        {
            var text = NewsPages.Page(NewsPages.Items(page, ItemsPerPage, bodyLength: 200));
            await File.WriteAllTextAsync(Path.Combine(folder, $"page-{page:D4}.txt"), text);
            ids.AddRange(BulletinParser.Parse(text).Items.Select(i => i.Id));
        }

        var environment = new Dictionary<string, string?> { ["Storage__Path"] = _host.StorePath, ["Ingestion__SeedsPath"] = folder };
        var seed = Environment.TickCount & 0x7fffffff;
        var random = new Random(seed);
        for (var round = 0; round < 3; round++)
        {
            // Killed (SIGKILL, by Dispose) once the first batch of this run is stored, or the run ended, plus 0 to 600 ms.
            bool finished;
            using (var ingest = HostProcess.Start(_host.Folder, environment, redirectInput: false, "ingest"))
            {
                await ingest.WaitForAsync("Ingested seeds page", TimeSpan.FromSeconds(120)).ContinueWith(_ => { }, TaskScheduler.Default);
                await Task.Delay(random.Next(0, 600));
                finished = ingest.HasExited;
            }

            output.WriteLine($"seed {seed}, round {round}: {(finished ? "had finished" : "killed")}; {Stored()} items stored");
        }

        var (code, _, error) = await HostProcess.RunAsync(_host.Folder, environment, "ingest");
        Assert.True(code == 0, $"seed {seed}: {error}");

        using var database = BulletinDatabase.Open(_host.StorePath);
        var store = new BulletinStore(database, TimeProvider.System);
        Assert.Equal(ids.Count, store.Count());
        Assert.All(ids, id => Assert.NotNull(store.Get(id)));
        Assert.Equal(ids.Count, store.LastSequence());
        Assert.Equal(Pages, store.SourceHashes("seeds/").Count);
    }

    private int Stored()
    {
        using var database = BulletinDatabase.Open(_host.StorePath);
        return new BulletinStore(database, TimeProvider.System).Count();
    }
}
