using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Tests.Announcing;
using BulletinBot.TestServers;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Tests.Ingestion;

/// <summary>HTML listing pages and RSS/Atom feeds served over loopback, read into the store and announced.</summary>
public sealed class WebSourceTests : IDisposable
{
    private static readonly (string, string, string, string) Talks = ("Migration talks held in Washington", "July 11, 2018", "A new round of migration talks was held.", "/news/talks");
    private static readonly (string, string, string, string) Meeting = ("Fourth law enforcement meeting", "July 10, 2018", "Authorities met on law enforcement.", "/news/meeting");
    private static readonly (string, string, string, string) Handover = ("Cuba hands over a US citizen", "August 9, 2018", "A citizen wanted by Interpol was handed over.", "/news/handover");

    private readonly LoopbackServer _server = new();
    private readonly AnnouncingRig _rig = new();

    public void Dispose()
    {
        _server.Dispose();
        _rig.Dispose();
    }

    public static TheoryData<string> Kinds => new() { "html", "rss", "atom" };

    private void Serve(string kind, string version, params (string, string, string, string)[] rows)
    {
        var (body, type) = kind switch
        {
            "html" => (WebPages.Listing(rows), "text/html; charset=utf-8"),
            "rss" => (WebPages.Rss(rows), "application/rss+xml"),
            _ => (WebPages.Atom(rows), "application/atom+xml"),
        };
        _server.Serve(body, version, type);
    }

    private HttpBulletinSource Source(string kind) => new(
        new HttpSourceOptions { Url = new Uri(_server.Address, "news").AbsoluteUri, Kind = kind == "html" ? HttpSourceKind.Html : HttpSourceKind.Feed },
        TimeSpan.FromMinutes(5),
        new PlainClientFactory(),
        _rig.Archive.Time,
        new ListLogger<HttpBulletinSource>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_new_item_on_top_is_announced_alone_and_304_500_and_garbage_change_nothing(string kind)
    {
        var source = Source(kind);
        Serve(kind, "v1", Talks, Meeting);
        Assert.Equal(2, (await _rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None)).Added);
        _rig.Start("discord:42");
        await _rig.RunUntilQuietAsync();
        Assert.Empty(_rig.Discord.Attempts);

        Serve(kind, "v2", Handover, Talks, Meeting);
        Assert.Equal(1, (await _rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None)).Added);
        await _rig.RunUntilQuietAsync();
        var announced = Assert.Single(_rig.Discord.Delivered);
        Assert.Equal("Cuba hands over a US citizen", announced.Items.Single().Title);
        Assert.Equal(new DateOnly(2018, 8, 9), announced.Items.Single().Date);
        Assert.EndsWith("/news/handover", announced.Items.Single().Link, StringComparison.Ordinal);
        Assert.Equal("A citizen wanted by Interpol was handed over.", announced.Items.Single().Paragraphs.Single());

        // Not modified: the request carries the version it has, and nothing is read.
        var report = await _rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);
        Assert.Equal("\"v2\"", _server.Requests[^1].IfNoneMatch);
        Assert.Equal(304, _server.Requests[^1].Status);
        Assert.Equal(0, report.Pages);

        var before = _rig.Archive.Store.All().ToList();
        _server.Answer = _ => (500, "Internal Server Error", null, "text/plain");
        await Assert.ThrowsAsync<SourceFailedException>(() => _rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None));
        _server.Answer = _ => (200, "<html><body><p>Site under maintenance</p>\u0000\u0001 {{{ not a feed", "\"v3\"", "text/html");
        await Assert.ThrowsAsync<SourceFailedException>(() => _rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None));
        await _rig.RunUntilQuietAsync();

        Assert.Equal(before, _rig.Archive.Store.All().ToList());
        Assert.Single(_rig.Discord.Delivered);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_changed_item_is_updated_in_the_store_and_not_announced_again(string kind)
    {
        var source = Source(kind);
        _rig.Start("discord:42");
        Serve(kind, "v1", Talks);
        await _rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);
        await _rig.RunUntilQuietAsync();

        _rig.Archive.Time.Advance(TimeSpan.FromMinutes(10));
        Serve(kind, "v2", Talks with { Item3 = "A new round of migration talks was held in Washington." });
        var report = await _rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);
        await _rig.RunUntilQuietAsync();

        Assert.Equal(1, report.Updated);
        Assert.Equal("A new round of migration talks was held in Washington.", _rig.Archive.Store.All().Single().Paragraphs[0]);
        Assert.Single(_rig.Discord.Delivered);
    }

    [Fact]
    public async Task A_failing_source_is_reported_in_stats_backs_off_and_the_others_go_on()
    {
        var source = Source("html");
        _server.Answer = _ => (503, "busy", null, "text/plain");
        var board = new SourceStatusBoard(_rig.Archive.Time);
        var service = new IngestionService(
            _rig.Archive.Ingestor,
            [source, new SeedFolderSource(TestData.SeedsFolder)],
            Options.Create(new IngestionOptions()),
            new IngestionSchedule(false),
            new IngestionRounds(),
            board,
            _rig.Archive.Time,
            new ListLogger<IngestionService>());

        var report = await service.IngestAllAsync(CancellationToken.None);

        Assert.Equal(1, report.Failed);
        Assert.True(report.Added > 0);
        var status = board.Get(source.Name)!;
        Assert.Contains("503", status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, status.FailuresInARow);
        Assert.False(source.IsDue(_rig.Archive.Time.GetUtcNow()));
        Assert.True(source.IsDue(_rig.Archive.Time.GetUtcNow() + TimeSpan.FromMinutes(1)));
    }
}
