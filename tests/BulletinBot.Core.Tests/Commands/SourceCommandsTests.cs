using System.Runtime.CompilerServices;
using System.Text;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Tests.Announcing;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Tests.Commands;

/// <summary>
/// The sources by name: the sources command, and <c>source:name</c> in search, latest, date and a subscription's
/// filter, over the real seeds and a second source, ingested by the real ingestor into a real store.
/// </summary>
public sealed class SourceCommandsTests : IAsyncLifetime, IDisposable
{
    private const string WirePage = """
        Wire Service

        Harbour talks resume in Havana
        March 3, 2018. Delegations met at the harbour for migration talks about ferries and cargo.

        Wire summary of the week
        February 20, 2018. The wire sums up the week's talks and a cultural festival.
        """;

    private readonly Archive _archive = new();
    private readonly PageSource _wire = new("https://wire.example/news", "wire", WirePage);
    private CommandHandler _handler = null!;
    private SourceDirectory _sources = null!;

    public async Task InitializeAsync()
    {
        var seeds = new SeedFolderSource(TestData.SeedsFolder);
        await _archive.Ingestor.IngestAsync(seeds, CancellationToken.None);
        await _archive.Ingestor.IngestAsync(_wire, CancellationToken.None);
        _sources = new SourceDirectory([seeds, _wire]);
        var clock = new BotClock(_archive.Time, Options.Create(new BotOptions { TimeZone = "Europe/Madrid" }));
        var targets = new TargetStore(_archive.Database, _archive.Checkpoints);
        var outbox = new Outbox(_archive.Database, _archive.Checkpoints, targets, new ChangeFeed(_archive.Database, _archive.Store, _archive.Checkpoints));
        var telegram = new FakeChatChannel(Platforms.Telegram, _archive.Time, FakeChatChannel.TelegramLike);
        var subscriptions = new Subscriptions(_archive.Store, targets, outbox, [telegram], _archive.Time);
        _handler = new CommandHandler(_archive.Store, _archive.Search, _archive.Continuations, _archive.Time, subscriptions, sources: _sources, clock: clock);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Sources_lists_each_source_by_name_with_its_items_and_last_read_in_the_bot_zone()
    {
        var reply = Assert.IsType<NoticeReply>(await AskAsync("sources"));

        Assert.Equal("Sources", reply.Heading);
        var seedItems = _archive.Store.Count() - 2;
        Assert.Equal($"seeds: {seedItems} items, last read 2026-11-24 13:00 Europe/Madrid", reply.Lines[0]);
        Assert.Equal("wire: 2 items, last read 2026-11-24 13:00 Europe/Madrid", reply.Lines[1]);
        Assert.Contains("source:seeds", reply.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_answers_in_Spanish_by_its_Spanish_name()
    {
        var reply = Assert.IsType<NoticeReply>(await AskAsync("fuentes", ChatContext.Terminal with { Language = "es" }));

        Assert.Equal("Fuentes", reply.Heading);
        Assert.StartsWith("wire: 2 noticias, última lectura", reply.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_with_source_finds_only_that_sources_items()
    {
        var everywhere = Assert.IsType<ListReply>(await AskAsync("search talks"));
        var wire = Assert.IsType<ListReply>(await AskAsync("search talks source:wire"));
        var seeds = Assert.IsType<ListReply>(await AskAsync("search talks source:SEEDS"));

        Assert.Contains(everywhere.Cards, c => c.Source == "Wire Service");
        Assert.Contains(everywhere.Cards, c => c.Source != "Wire Service");
        Assert.Equal(["Harbour talks resume in Havana", "Wire summary of the week"], wire.Cards.Select(c => c.Title.PlainText).Order(StringComparer.Ordinal));
        Assert.Equal(2, wire.Page.Total);
        Assert.DoesNotContain(seeds.Cards, c => c.Source == "Wire Service");
        Assert.NotEmpty(seeds.Cards);
    }

    [Fact]
    public async Task Latest_with_source_lists_that_sources_newest_and_names_it()
    {
        var reply = Assert.IsType<ListReply>(await AskAsync("latest 3 source:wire"));

        Assert.Equal(["Harbour talks resume in Havana", "Wire summary of the week"], reply.Cards.Select(c => c.Title.PlainText));
        Assert.Equal("Latest (source wire)", reply.Heading);
    }

    [Fact]
    public async Task Date_with_source_counts_and_lists_only_that_source()
    {
        var all = Assert.IsType<ListReply>(await AskAsync("date 2018"));
        var wire = Assert.IsType<ListReply>(await AskAsync("date 2018 source:wire"));

        Assert.True(all.Page.Total > 2);
        Assert.Equal(["Harbour talks resume in Havana", "Wire summary of the week"], wire.Cards.Select(c => c.Title.PlainText));
        Assert.Equal(2, wire.Page.Total);
        Assert.Equal("Dated 2018 (source wire)", wire.Heading);
    }

    [Theory]
    [InlineData("search talks source:nowhere")]
    [InlineData("latest source:nowhere")]
    [InlineData("date 2018 source:nowhere")]
    public async Task An_unknown_source_is_one_line_naming_the_known_ones(string text)
    {
        var error = Assert.IsType<ErrorReply>(await AskAsync(text));

        Assert.Equal("No source is named \"nowhere\". Known sources: seeds, wire (type sources to see them).", error.Text);
        Assert.DoesNotContain('\n', error.Text);
    }

    [Fact]
    public void A_subscription_filter_with_source_matches_only_that_sources_items()
    {
        var wireItems = _archive.Store.Latest(null, 10, _wire.Name);
        var seedItems = _archive.Store.Latest(null, 10, "seeds");

        var onlyWire = AnnouncementFilter.TryParse("source:wire", out var error, _sources);
        var wireTalks = AnnouncementFilter.TryParse("harbour source:wire", out _, _sources);

        Assert.Null(error);
        Assert.All(wireItems, item => Assert.True(onlyWire!.Matches(item)));
        Assert.All(seedItems, item => Assert.False(onlyWire!.Matches(item)));
        Assert.Equal(["Harbour talks resume in Havana"], wireItems.Where(wireTalks!.Matches).Select(b => b.Title));
        Assert.Null(AnnouncementFilter.TryParse("source:nowhere", out var unknown, _sources));
        Assert.Contains("seeds, wire", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_with_source_backfills_only_that_sources_items_and_refuses_an_unknown_one()
    {
        var chat = new ChatContext(Platforms.Telegram, "7", ChatKind.Private, "7");

        var subscribed = Assert.IsType<NoticeReply>(await AskAsync("subscribe source:wire backfill: last 5", chat));
        var error = Assert.IsType<ErrorReply>(await AskAsync("subscribe talks source:nowhere", chat));

        Assert.Contains("2 earlier items", subscribed.Lines[0], StringComparison.Ordinal);
        Assert.Equal("No source is named \"nowhere\". Known sources: seeds, wire (type sources to see them).", error.Text);
    }

    private Task<Reply> AskAsync(string text, ChatContext? chat = null) =>
        _handler.HandleAsync(CommandParser.Parse(text)!, chat ?? ChatContext.Terminal, CancellationToken.None);

    /// <summary>A source of one text page, as a second configured source.</summary>
    private sealed class PageSource(string name, string shortName, string page) : IBulletinSource
    {
        public string Name => name;

        public string ShortName => shortName;

        public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new RawDocument("page.txt", Encoding.UTF8.GetBytes(page));
        }
    }
}
