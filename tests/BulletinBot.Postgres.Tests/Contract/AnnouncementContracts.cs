using BulletinBot.Core.Announcing;
using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>The embedded outbox and targets, in memory as LiteDB's own tests run it.</summary>
public sealed class LiteDbAnnouncementStoreContract : AnnouncementStoreContract
{
    private BulletinDatabase? _database;

    protected override Task<(IBulletinStore Items, ITargetStore Targets, IOutbox Outbox)> CreateAsync()
    {
        _database = BulletinDatabase.InMemory();
        var items = new BulletinStore(_database, TimeProvider.System);
        var checkpoints = new CheckpointStore(_database);
        var targets = new TargetStore(_database, checkpoints);
        var outbox = new Outbox(_database, checkpoints, targets, new ChangeFeed(_database, items, checkpoints));
        return Task.FromResult<(IBulletinStore, ITargetStore, IOutbox)>((items, targets, outbox));
    }

    protected override Task DestroyAsync()
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The PostgreSQL outbox and targets, on a database of their own in the test server.</summary>
public sealed class PostgresAnnouncementStoreContract : AnnouncementStoreContract
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<(IBulletinStore Items, ITargetStore Targets, IOutbox Outbox)> CreateAsync()
    {
        _dataSource = await ChangeSequenceTests.OpenAsync();
        var items = new PostgresBulletinStore(_dataSource, TimeProvider.System);
        return (items, new PostgresTargetStore(_dataSource), new PostgresOutbox(_dataSource, items));
    }

    protected override async Task DestroyAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
