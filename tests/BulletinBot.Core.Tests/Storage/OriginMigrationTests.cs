using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>Schema 2 to 3: items stored before items recorded their source are given the one the source states make plain.</summary>
public sealed class OriginMigrationTests : IDisposable
{
    private const string Wire = "https://www.wire.example/news";
    private const string Other = "https://other.example/feed";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bulletins-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_schema_2_store_gives_old_items_their_source_where_the_states_say_which()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var seeded = Item("Seeded", null);
        var wired = Item("Wired", "https://WWW.wire.example/news/1");
        var unknownHost = Item("Elsewhere", "https://nowhere.example/x");
        using (var database = BulletinDatabase.Open(_path))
        {
            var store = new BulletinStore(database, TimeProvider.System);
            store.UpsertPages(
            [
                new PageWrite([seeded], new SourceState("seeds/a.txt", "h1", 1, at)),
                new PageWrite([wired], new SourceState($"{Wire}/{Wire}", "h2", 1, at)),
                new PageWrite([unknownHost], new SourceState($"{Other}/{Other}", "h3", 1, at)),
            ]);

            // Back to what schema 2 wrote: no origin field, no origin index.
            var bulletins = database.Database.GetCollection("bulletins");
            bulletins.DropIndex("origin");
            foreach (var document in bulletins.FindAll().ToList())
            {
                document.Remove("origin");
                bulletins.Update(document);
            }

            database.Database.UserVersion = 2;
        }

        using var archive = new Archive(_path);

        Assert.Equal(BulletinDatabase.SchemaVersion, archive.Database.Database.UserVersion);
        Assert.Equal("seeds", archive.Store.Get(seeded.Id)!.Origin);
        Assert.Equal(Wire, archive.Store.Get(wired.Id)!.Origin);
        Assert.Null(archive.Store.Get(unknownHost.Id)!.Origin);
        Assert.Equal(3, archive.Store.LastSequence());
    }

    private static Bulletin Item(string title, string? link) =>
        TestData.Item(title, TestData.Day(2018, 1, 1)) with { Link = link };
}
