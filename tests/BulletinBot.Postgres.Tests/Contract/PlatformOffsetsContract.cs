using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>The rules of <see cref="IPlatformOffsets"/>, run against the embedded store and PostgreSQL.</summary>
public abstract class PlatformOffsetsContract : IAsyncLifetime
{
    protected IPlatformOffsets Offsets { get; private set; } = null!;

    protected abstract Task<IPlatformOffsets> CreateAsync();

    protected abstract Task DestroyAsync();

    public async Task InitializeAsync() => Offsets = await CreateAsync();

    public Task DisposeAsync() => DestroyAsync();

    [Fact]
    public void An_offset_is_kept_per_stream()
    {
        Assert.Equal(0, Offsets.Load("telegram"));

        Offsets.Save("telegram", 41);
        Offsets.Save("telegram", 42);
        Offsets.Save("other", 7);

        Assert.Equal(42, Offsets.Load("telegram"));
        Assert.Equal(7, Offsets.Load("other"));
    }

    [Fact]
    public void Accepted_updates_wait_beside_the_new_offset_until_each_is_finished()
    {
        Offsets.Accept("telegram", [new PlatformUpdate(12, "chat:5", "{\"update_id\":12}"), new PlatformUpdate(11, "chat:4", "{\"update_id\":11}")], 13);
        Offsets.Accept("other", [new PlatformUpdate(1, "x", "{}")], 2);

        Assert.Equal(13, Offsets.Load("telegram"));
        Assert.Equal([11L, 12L], Offsets.Unfinished("telegram").Select(u => u.Id));
        Assert.Equal(new PlatformUpdate(12, "chat:5", "{\"update_id\":12}"), Offsets.Unfinished("telegram")[1]);

        Offsets.Finished("telegram", 11);
        Offsets.Accept("telegram", [new PlatformUpdate(12, "chat:5", "{\"update_id\":12}")], 13);
        Offsets.Accept("telegram", [], 20);

        Assert.Equal([12L], Offsets.Unfinished("telegram").Select(u => u.Id));
        Assert.Equal(20, Offsets.Load("telegram"));
        Assert.Equal([1L], Offsets.Unfinished("other").Select(u => u.Id));
    }
}

/// <summary>The embedded store's offsets, in memory as LiteDB's own tests run it.</summary>
public sealed class LiteDbPlatformOffsetsContract : PlatformOffsetsContract
{
    private BulletinDatabase? _database;

    protected override Task<IPlatformOffsets> CreateAsync()
    {
        _database = BulletinDatabase.InMemory();
        return Task.FromResult<IPlatformOffsets>(new LitePlatformOffsets(_database, new CheckpointStore(_database)));
    }

    protected override Task DestroyAsync()
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The PostgreSQL offsets, on a database of their own in the test server.</summary>
public sealed class PostgresPlatformOffsetsContract : PlatformOffsetsContract
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IPlatformOffsets> CreateAsync()
    {
        _dataSource = await ChangeSequenceTests.OpenAsync();
        return new PostgresPlatformOffsets(_dataSource);
    }

    protected override async Task DestroyAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
