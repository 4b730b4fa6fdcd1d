using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>The embedded store, in memory as LiteDB's own tests run it.</summary>
public sealed class LiteDbBulletinStoreContract : BulletinStoreContract
{
    private BulletinDatabase? _database;

    protected override Task<IBulletinStore> CreateAsync()
    {
        _database = BulletinDatabase.InMemory();
        return Task.FromResult<IBulletinStore>(new BulletinStore(_database, TimeProvider.System));
    }

    protected override Task DestroyAsync()
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The PostgreSQL store, on a database of its own in the test server.</summary>
public sealed class PostgresBulletinStoreContract : BulletinStoreContract
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IBulletinStore> CreateAsync()
    {
        _dataSource = await ChangeSequenceTests.OpenAsync();
        return new PostgresBulletinStore(_dataSource, TimeProvider.System);
    }

    protected override async Task DestroyAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
