using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Discord.Interactions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Discord.Tests.Interactions;

/// <summary>Suggestions from a real store and search index over the seed pages, in memory.</summary>
public sealed class ArchiveAutocompleteTests : IAsyncLifetime, IDisposable
{
    private readonly BulletinDatabase database = BulletinDatabase.InMemory();
    private ArchiveAutocomplete autocomplete = null!;
    private BulletinStore store = null!;

    public async Task InitializeAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        store = new BulletinStore(database, time);
        await new Ingestor(store, time, NullLogger<Ingestor>.Instance)
            .IngestAsync(new SeedFolderSource(Path.Combine(AppContext.BaseDirectory, "seeds")), CancellationToken.None);
        autocomplete = new ArchiveAutocomplete(new BulletinSearch(store, NullLogger<BulletinSearch>.Instance), store);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => database.Dispose();

    [Fact]
    public void Search_suggests_matching_titles()
    {
        var choices = autocomplete.Suggest("search", "migration");

        Assert.Contains(choices, c => c.Name.StartsWith("Migration talks", StringComparison.Ordinal));
        Assert.All(choices, c => Assert.InRange(c.Name.Length, 1, 100));
        Assert.All(choices, c => Assert.InRange(c.Value.Length, 1, 100));
        Assert.Empty(autocomplete.Suggest("search", "  "));
    }

    [Fact]
    public void Show_suggests_ids_by_prefix_then_by_title_and_the_latest_when_nothing_is_typed()
    {
        var newest = store.Latest(null, 1)[0];

        Assert.Equal(newest.ShortId, autocomplete.Suggest("show", "")[0].Value);
        Assert.Equal(newest.ShortId, Assert.Single(autocomplete.Suggest("show", newest.ShortId)).Value);
        var byTitle = autocomplete.Suggest("show", "interpol");
        Assert.Contains(byTitle, c => c.Name.Contains("Interpol", StringComparison.Ordinal) && c.Value.Length == 7);
        Assert.True(autocomplete.Suggest("show", "").Count <= ArchiveAutocomplete.MaxChoices);
    }

    [Fact]
    public void Search_suggests_the_talks_from_the_third_letter_typed_and_through_a_typo()
    {
        const string typed = "migration talks";
        for (var length = 3; length <= typed.Length; length++)
        {
            var choices = autocomplete.Suggest("search", typed[..length]);
            Assert.True(choices.Any(c => c.Name.StartsWith("Migration talks", StringComparison.Ordinal)), typed[..length]);
        }

        Assert.Contains(autocomplete.Suggest("search", "migrasion talks"), c => c.Name.StartsWith("Migration talks", StringComparison.Ordinal));
    }
}
