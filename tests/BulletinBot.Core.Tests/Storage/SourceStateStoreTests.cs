using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

public sealed class SourceStateStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_page_keeps_its_source_state_which_is_found_by_name_and_by_prefix()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);

        store.UpsertPages(
        [
            new PageWrite([Item("One", Day(2018, 1, 1))], new SourceState("seeds/a.txt", "h1", 1, _time.GetUtcNow())),
            new PageWrite([], new SourceState("web/news", "h2", 0, _time.GetUtcNow())),
        ]);

        Assert.Equal(new Dictionary<string, string> { ["seeds/a.txt"] = "h1" }, store.Sources.Hashes("seeds/"));
        Assert.Equal(new SourceState("web/news", "h2", 0, _time.GetUtcNow()), store.Sources.Get("web/news"));
        Assert.Null(store.Sources.Get("seeds/b.txt"));
        Assert.Equal(store.Sources.Get("seeds/a.txt"), store.GetSource("seeds/a.txt"));
    }

    [Fact]
    public void A_page_that_fails_leaves_neither_its_items_nor_its_source_state()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var page = new PageWrite([Item("One", Day(2018, 1, 1))], new SourceState("seeds/a.txt", "h1", 1, _time.GetUtcNow()), () => throw new InvalidOperationException("alongside"));

        Assert.Throws<InvalidOperationException>(() => store.UpsertPages([page]));

        Assert.Null(store.Sources.Get("seeds/a.txt"));
        Assert.Equal(0, store.Count());
        Assert.Equal(0, store.LastSequence());
    }
}
