using System.Globalization;
using BulletinBot.Core.Ingestion;
using BulletinBot.TestServers;

namespace BulletinBot.Core.Tests.Ingestion;

/// <summary>A web source's ETag and Last-Modified kept in the store, so a restart still fetches conditionally.</summary>
public sealed class SourceValidatorTests : IDisposable
{
    private static readonly (string, string, string, string) Talks = ("Migration talks held in Washington", "July 11, 2018", "A new round of migration talks was held.", "/news/talks");
    private static readonly (string, string, string, string) Meeting = ("Fourth law enforcement meeting", "July 10, 2018", "Authorities met on law enforcement.", "/news/meeting");
    private static readonly DateTimeOffset Modified = new(2018, 7, 11, 8, 30, 0, TimeSpan.Zero);

    private readonly LoopbackServer _server = new() { LastModified = Modified };
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"validators-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        _server.Dispose();
        File.Delete(_path);
    }

    private HttpBulletinSource Source(Archive archive) => new(
        new HttpSourceOptions { Url = new Uri(_server.Address, "news").AbsoluteUri, Kind = HttpSourceKind.Html },
        TimeSpan.FromMinutes(5),
        new PlainClientFactory(),
        archive.Time,
        new ListLogger<HttpBulletinSource>(),
        new SourceValidators(archive.Database));

    [Fact]
    public async Task After_a_restart_the_first_fetch_carries_the_validators_and_a_304_changes_nothing()
    {
        _server.Serve(WebPages.Listing(Talks, Meeting), "v1", "text/html; charset=utf-8");
        using (var archive = new Archive(_path))
        {
            Assert.Equal(2, (await archive.Ingestor.IngestAsync(Source(archive), CancellationToken.None)).Added);
            Assert.Null(_server.Requests[^1].IfNoneMatch);
        }

        using var restarted = new Archive(_path);
        var before = restarted.Store.All().ToList();
        var report = await restarted.Ingestor.IngestAsync(Source(restarted), CancellationToken.None);

        var request = _server.Requests[^1];
        Assert.Equal("\"v1\"", request.IfNoneMatch);
        Assert.Equal(Modified.ToString("R", CultureInfo.InvariantCulture), request.IfModifiedSince);
        Assert.Equal(304, request.Status);
        Assert.Equal(new IngestReport(), report);
        Assert.Equal(before, restarted.Store.All().ToList());
    }

    [Fact]
    public async Task A_page_fetched_but_never_stored_leaves_no_validator_behind()
    {
        _server.Serve(WebPages.Listing(Talks, Meeting), "v1", "text/html; charset=utf-8");
        using var archive = new Archive(_path);

        // The page comes, and the reader dies before it stores it.
        await using (var pages = Source(archive).ReadAsync(CancellationToken.None).GetAsyncEnumerator())
        {
            Assert.True(await pages.MoveNextAsync());
        }

        var report = await archive.Ingestor.IngestAsync(Source(archive), CancellationToken.None);

        Assert.Null(_server.Requests[^1].IfNoneMatch);
        Assert.Null(_server.Requests[^1].IfModifiedSince);
        Assert.Equal(200, _server.Requests[^1].Status);
        Assert.Equal(2, report.Added);
    }
}
