using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Export;
using BulletinBot.Core.Ingestion;
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

    [Fact]
    public async Task Items_sources_a_subscriptions_language_validators_and_claimed_updates_come_along()
    {
        using var lite = BulletinDatabase.InMemory();
        var store = new BulletinStore(lite, TimeProvider.System);
        store.UpsertBatch(Enumerable.Range(0, 12).Select(n => ChangeSequenceTests.Item(n) with
        {
            Origin = (n % 3) switch { 0 => "seeds", 1 => "https://example.org/news", _ => null },
        }).ToList());
        var checkpoints = new CheckpointStore(lite);
        var outbox = new Outbox(lite, checkpoints, new TargetStore(lite, checkpoints), new ChangeFeed(lite, store, checkpoints));
        var subscription = outbox.Subscribe(new DeliveryTarget(Platforms.Telegram, "42"), "", [], DateTimeOffset.UtcNow, language: "es");
        var validators = new HttpValidators("\"v1\"", new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero));
        new SourceValidators(lite).Save("https://example.org/news", validators);
        Assert.True(new LitePlatformUpdateClaims(lite).TryClaim(Platforms.Telegram, 7));
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        await using var owner = new PostgresInboxOwner(dataSource, TimeSpan.FromSeconds(15), TimeProvider.System);

        var result = await PostgresImport.CopyAsync(dataSource, new StoreExport(lite), replace: false, CancellationToken.None);

        Assert.Equal(ImportOutcome.Copied, result.Outcome);
        Assert.Equal((1, 1), (result.Counts.Validators, result.Counts.Claims));
        var copy = new PostgresBulletinStore(dataSource, TimeProvider.System);
        foreach (var origin in new[] { "seeds", "https://example.org/news" })
        {
            Assert.Equal(4, copy.Latest(null, 100, origin).Count);
            Assert.Equal(store.Latest(null, 100, origin), copy.Latest(null, 100, origin));
            Assert.Equal(store.Summarise(origin), copy.Summarise(origin));
        }

        Assert.Equal("es", new PostgresTargetStore(dataSource).Get(subscription.Key)?.Language);
        Assert.Equal(validators, new PostgresSourceValidators(dataSource).Load("https://example.org/news"));
        var claims = new PostgresPlatformUpdateClaims(dataSource, TimeProvider.System, owner);
        Assert.False(claims.TryClaim(Platforms.Telegram, 7));
        Assert.True(claims.TryClaim(Platforms.Telegram, 8));
    }

    [Fact]
    public async Task Replace_empties_the_validators_and_claims_a_database_held()
    {
        using var lite = BulletinDatabase.InMemory();
        new BulletinStore(lite, TimeProvider.System).UpsertBatch([ChangeSequenceTests.Item(1)]);
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        await using var owner = new PostgresInboxOwner(dataSource, TimeSpan.FromSeconds(15), TimeProvider.System);
        new PostgresSourceValidators(dataSource).Save("https://other.example/", new HttpValidators("\"x\"", null));
        Assert.True(new PostgresPlatformUpdateClaims(dataSource, TimeProvider.System, owner).TryClaim(Platforms.Telegram, 7));

        var refused = await PostgresImport.CopyAsync(dataSource, new StoreExport(lite), replace: false, CancellationToken.None);
        var replaced = await PostgresImport.CopyAsync(dataSource, new StoreExport(lite), replace: true, CancellationToken.None);

        Assert.Equal(ImportOutcome.NotEmpty, refused.Outcome);
        Assert.Equal((1, 1), (refused.Counts.Validators, refused.Counts.Claims));
        Assert.Equal(ImportOutcome.Copied, replaced.Outcome);
        Assert.Null(new PostgresSourceValidators(dataSource).Load("https://other.example/"));
        Assert.True(new PostgresPlatformUpdateClaims(dataSource, TimeProvider.System, owner).TryClaim(Platforms.Telegram, 7));
    }

    /// <summary>A migration that adds a bb_ table must make the copy write it, or name it as deliberately not copied.</summary>
    [Fact]
    public async Task Every_table_of_the_schema_is_copied_or_deliberately_skipped()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        await using var command = dataSource.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'bb\\_%' ORDER BY 1");
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        // bb_sequence is set, not copied; bb_migrations is the schema's own record.
        string[] declared = [.. PostgresImport.Copied, .. PostgresImport.Skipped, "bb_sequence", "bb_migrations"];
        Assert.Equal(declared.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
        Assert.Empty(PostgresImport.Copied.Intersect(PostgresImport.Skipped));
    }
}
