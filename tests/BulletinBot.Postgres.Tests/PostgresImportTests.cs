using BulletinBot.Core.Export;
using BulletinBot.Core.Storage;
using LiteDB;
using Npgsql;

namespace BulletinBot.Postgres.Tests;

/// <summary>A LiteDB store copied into PostgreSQL: the change sequence reads the same, and a copy that fails leaves nothing.</summary>
public sealed class PostgresImportTests
{
    [Fact]
    public async Task The_copy_reads_the_same_changes_and_numbers_new_ones_above_them()
    {
        using var lite = BulletinDatabase.InMemory();
        var store = new BulletinStore(lite, TimeProvider.System);
        store.UpsertBatch(Enumerable.Range(0, 50).Select(ChangeSequenceTests.Item).ToList());

        // An edit (often in the very millisecond of its insert, which PostgreSQL would read as no edit) is still one after the copy.
        store.UpsertBatch([ChangeSequenceTests.Item(3) with { Title = "Item 3, corrected" }]);
        await using var dataSource = await ChangeSequenceTests.OpenAsync();

        var result = await PostgresImport.CopyAsync(dataSource, new StoreExport(lite), replace: false, CancellationToken.None);

        Assert.Equal(ImportOutcome.Copied, result.Outcome);
        var copy = new PostgresBulletinStore(dataSource, TimeProvider.System);
        Assert.Equal(store.LastSequence(), copy.LastSequence());
        var expected = store.ChangesAfter(0, 100);
        var actual = copy.ChangesAfter(0, 100);
        Assert.Equal(expected.Select(c => (c.Sequence, c.Bulletin, c.IsEdit)), actual.Select(c => (c.Sequence, c.Bulletin, c.IsEdit)));
        Assert.True(actual.Single(c => c.Bulletin.Id == ChangeSequenceTests.Item(3).Id).IsEdit);

        copy.UpsertPages([new PageWrite([ChangeSequenceTests.Item(1000)], null)]);
        Assert.Equal(store.LastSequence() + 1, copy.ChangesAfter(store.LastSequence(), 10).Single().Sequence);

        var again = await PostgresImport.CopyAsync(dataSource, new StoreExport(lite), replace: false, CancellationToken.None);
        Assert.Equal(ImportOutcome.AlreadyCopied, again.Outcome);
    }

    [Fact]
    public async Task A_copy_that_fails_part_way_leaves_the_database_as_it_was()
    {
        using var lite = BulletinDatabase.InMemory();
        var store = new BulletinStore(lite, TimeProvider.System);
        store.UpsertBatch(Enumerable.Range(0, 20).Select(ChangeSequenceTests.Item).ToList());
        new CheckpointStore(lite).Set("outbox:last-row", 1);

        // An outbox row without a target: the database refuses it after the items, the sequence and the checkpoints were written.
        lite.Database.GetCollection("outbox").Insert(new BsonDocument
        {
            ["_id"] = 1L,
            ["target"] = BsonValue.Null,
            ["item"] = "item-000001",
            ["edit"] = false,
            ["pending"] = true,
            ["due"] = DateTime.UtcNow,
            ["attempts"] = 0,
        });
        await using var dataSource = await ChangeSequenceTests.OpenAsync();

        await Assert.ThrowsAsync<PostgresException>(() => PostgresImport.CopyAsync(dataSource, new StoreExport(lite), replace: false, CancellationToken.None));

        await using var command = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM bb_items) + (SELECT value FROM bb_sequence) + (SELECT count(*) FROM bb_checkpoints) + (SELECT count(*) FROM bb_meta)");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_database_with_items_of_its_own_is_refused_and_left_alone()
    {
        using var lite = BulletinDatabase.InMemory();
        new BulletinStore(lite, TimeProvider.System).UpsertBatch([ChangeSequenceTests.Item(1)]);
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var own = new PostgresBulletinStore(dataSource, TimeProvider.System);
        own.UpsertPages([new PageWrite([ChangeSequenceTests.Item(500), ChangeSequenceTests.Item(501)], null)]);

        var result = await PostgresImport.CopyAsync(dataSource, new StoreExport(lite), replace: false, CancellationToken.None);

        Assert.Equal(ImportOutcome.NotEmpty, result.Outcome);
        Assert.False(result.OlderCopyOfThisStore);
        Assert.Equal(2, result.Counts.Items);
        Assert.Equal(2, own.Count());
        Assert.Null(own.Get(ChangeSequenceTests.Item(1).Id));
    }
}
