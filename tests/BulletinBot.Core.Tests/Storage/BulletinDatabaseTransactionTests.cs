using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Tests.Storage;

public sealed class BulletinDatabaseTransactionTests
{
    [Fact]
    public void A_transaction_commits_when_its_work_returns_and_rolls_back_when_it_throws()
    {
        using var database = BulletinDatabase.InMemory();
        var things = database.Database.GetCollection("things");

        Assert.Equal(1, database.InTransaction(() => things.Insert(new BsonDocument { ["_id"] = 1 }).AsInt32));
        Assert.Throws<InvalidOperationException>(() => database.InTransaction(() =>
        {
            things.Insert(new BsonDocument { ["_id"] = 2 });
            throw new InvalidOperationException("work failed");
        }));

        Assert.Equal([1], things.FindAll().Select(d => d["_id"].AsInt32));
    }

    [Fact]
    public void A_transaction_inside_another_joins_it_and_leaves_the_commit_to_the_outer_one()
    {
        using var database = BulletinDatabase.InMemory();
        var things = database.Database.GetCollection("things");
        var joined = true;

        Assert.Throws<InvalidOperationException>(() => database.InTransaction(() =>
        {
            joined = !database.InTransaction(() => { things.Insert(new BsonDocument { ["_id"] = 1 }); });
            throw new InvalidOperationException("outer failed");
        }));

        Assert.True(joined);
        Assert.Equal(0, things.Count());
        Assert.True(database.InTransaction(() => { things.Insert(new BsonDocument { ["_id"] = 2 }); }));
        Assert.Equal(1, things.Count());
    }
}
