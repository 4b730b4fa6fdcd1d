using System.Runtime.CompilerServices;
using System.Text;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Discord.Interactions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Discord.Tests.Interactions;

/// <summary>The search option's suggestions for <c>source:</c>: the sources' names, then the titles of the source named.</summary>
public sealed class SourceAutocompleteTests : IAsyncLifetime, IDisposable
{
    private readonly BulletinDatabase database = BulletinDatabase.InMemory();
    private ArchiveAutocomplete autocomplete = null!;

    public async Task InitializeAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new BulletinStore(database, time);
        var seeds = new SeedFolderSource(Path.Combine(AppContext.BaseDirectory, "seeds"));
        var wire = new PageSource();
        var ingestor = new Ingestor(store, time, NullLogger<Ingestor>.Instance);
        await ingestor.IngestAsync(seeds, CancellationToken.None);
        await ingestor.IngestAsync(wire, CancellationToken.None);
        autocomplete = new ArchiveAutocomplete(new BulletinSearch(store, NullLogger<BulletinSearch>.Instance), store, new SourceDirectory([seeds, wire]));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => database.Dispose();

    [Fact]
    public void A_last_word_source_colon_suggests_the_names_that_fit_within_the_whole_query()
    {
        Assert.Equal(["talks source:seeds", "talks source:wire"], autocomplete.Suggest("search", "talks source:").Select(c => c.Value));
        Assert.Equal(["talks fuente:wire"], autocomplete.Suggest("search", "talks fuente:W").Select(c => c.Value));
        Assert.Empty(autocomplete.Suggest("search", "talks source:x"));
    }

    [Fact]
    public void A_search_narrowed_to_a_source_suggests_only_its_titles()
    {
        var everywhere = autocomplete.Suggest("search", "talks").Select(c => c.Name).ToList();
        var wire = autocomplete.Suggest("search", "source:wire talks").Select(c => c.Name).ToList();

        Assert.Contains(everywhere, name => name.StartsWith("Migration talks", StringComparison.Ordinal));
        Assert.Equal(["Harbour talks resume in Havana"], wire);
        Assert.Empty(autocomplete.Suggest("search", "source:nowhere talks"));
    }

    private sealed class PageSource : IBulletinSource
    {
        private const string Page = """
            Wire Service

            Harbour talks resume in Havana
            March 3, 2018. Delegations met at the harbour for talks about ferries and cargo.
            """;

        public string Name => "https://wire.example/news";

        public string ShortName => "wire";

        public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new RawDocument("page.txt", Encoding.UTF8.GetBytes(Page));
        }
    }
}
