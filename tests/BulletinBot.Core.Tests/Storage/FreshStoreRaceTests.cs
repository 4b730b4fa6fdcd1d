using System.Globalization;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>
/// A fresh store's first writes raced by reads on other threads, as a fresh start of the bot does (the ingest, the
/// outbox and the platforms write their first rows while the owner socket and the search read). LiteDB 5.0.20 broke
/// with "page type must be collection page" when a collection was created under a reader; the store now makes
/// every collection when it opens.
/// </summary>
public sealed class FreshStoreRaceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-fresh-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static int Rounds =>
        int.TryParse(Environment.GetEnvironmentVariable("BULLETINBOT_FRESH_START_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds > 0
            ? rounds
            : 30;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task First_writes_to_every_collection_of_a_fresh_store_beside_readers_never_break_the_store()
    {
        string[] collections =
        [
            BulletinDatabase.Bulletins, BulletinDatabase.Sources, BulletinDatabase.Continuations, BulletinDatabase.Meta,
            BulletinDatabase.Checkpoints, BulletinDatabase.Validators, Outbox.Collection, TargetStore.Collection,
        ];
        for (var round = 0; round < Rounds; round++)
        {
            using var database = BulletinDatabase.Open(Path.Combine(_folder, $"fresh-{round}.db"));
            using var stop = new CancellationTokenSource();
            // Readers on threads of their own: spinning on the shared pool would starve the other test classes running
            // beside this one, and LiteDB's log writer, which runs on that pool.
            var readers = collections.Select(name => Task.Factory.StartNew(
                () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        _ = database.Database.GetCollection(name).FindById("first");
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToList();

            foreach (var name in collections)
            {
                database.Database.GetCollection(name).Upsert(new BsonDocument { ["_id"] = "first", ["round"] = round });
            }

            await stop.CancelAsync();
            await Task.WhenAll(readers);
            Assert.All(collections, name => Assert.Equal(round, database.Database.GetCollection(name).FindById("first")["round"].AsInt32));
        }
    }
}
