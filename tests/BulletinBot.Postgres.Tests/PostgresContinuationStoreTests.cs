using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Postgres.Tests;

public sealed class PostgresContinuationStoreTests
{
    [Fact]
    public async Task A_listing_started_on_one_replica_pages_on_another()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        var first = new PostgresContinuationStore(dataSource, clock);
        var second = new PostgresContinuationStore(dataSource, clock);

        var page = first.Start("telegram:42", ListingKinds.Search, "migration", 5);
        var next = first.Continue("telegram:42", page, "k5", ["a", "b", "c", "d", "e"]);
        first.SetCurrent("telegram:42", page, next);

        Assert.Equal(next.Token, second.Current("telegram:42", next: true));
        var found = second.Find("telegram:42", next.Token);
        Assert.NotNull(found);
        Assert.Equal(6, found.First);
        Assert.Equal(["a", "b", "c", "d", "e"], found.Shown);
        Assert.Equal(page.Token, found.Previous);
        Assert.Equal("k5", found.After);

        // Another chat cannot use the token, and a day later no one can.
        Assert.Null(second.Find("discord:7", next.Token));
        clock.Advance(ContinuationStore.Lifetime + TimeSpan.FromMinutes(1));
        Assert.Null(second.Find("telegram:42", next.Token));
        Assert.Null(second.Current("telegram:42", next: false));
    }

    [Fact]
    public async Task Checkpoints_are_shared_and_start_at_zero()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var first = new PostgresCheckpointStore(dataSource);
        Assert.Equal(0, first.Get("outbox.feed"));
        first.Set("outbox.feed", 41);
        first.Set("outbox.feed", 42);
        Assert.Equal(42, new PostgresCheckpointStore(dataSource).Get("outbox.feed"));
    }
}

public sealed class PostgresChatPreferencesTests
{
    [Fact]
    public async Task A_chats_language_is_shared_by_replicas_and_can_be_forgotten()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var first = new PostgresChatPreferences(dataSource);
        var second = new PostgresChatPreferences(dataSource);

        Assert.Null(second.LanguageOf("telegram:42"));
        first.SetLanguage("telegram:42", "es");
        first.SetLanguage("telegram:42", "pt");
        Assert.Equal("pt", second.LanguageOf("telegram:42"));
        Assert.Null(second.LanguageOf("discord:42"));

        second.SetLanguage("telegram:42", null);
        Assert.Null(first.LanguageOf("telegram:42"));
    }
}
