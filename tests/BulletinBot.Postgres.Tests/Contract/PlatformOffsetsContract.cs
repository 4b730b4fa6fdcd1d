using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>The rules of <see cref="IPlatformOffsets"/>, run against the embedded store and PostgreSQL.</summary>
public abstract class PlatformOffsetsContract : IAsyncLifetime
{
    protected IPlatformOffsets Offsets { get; private set; } = null!;

    protected abstract Task<IPlatformOffsets> CreateAsync();

    protected abstract Task DestroyAsync();

    /// <summary>Another process on the same store: one that ran before this one, or (PostgreSQL) a replica beside it.</summary>
    protected abstract IPlatformOffsets AnotherProcess();

    /// <summary>Ends <paramref name="process"/> as a kill would; what it kept stays in the store.</summary>
    protected abstract Task EndAsync(IPlatformOffsets process);

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

    [Fact]
    public async Task What_a_process_that_ended_kept_is_taken_over_once_and_stays_kept_until_finished()
    {
        var before = AnotherProcess();
        before.Accept("telegram", [new PlatformUpdate(22, "chat:2", "{\"update_id\":22}"), new PlatformUpdate(21, "chat:1", "{\"update_id\":21}")], 23);
        before.Accept("other", [new PlatformUpdate(5, "x", "{}")], 6);
        await EndAsync(before);

        Assert.Equal(
            [new PlatformUpdate(21, "chat:1", "{\"update_id\":21}"), new PlatformUpdate(22, "chat:2", "{\"update_id\":22}")],
            Offsets.TakeOver("telegram"));
        Assert.Empty(Offsets.TakeOver("telegram"));
        Assert.Equal([21L, 22L], Offsets.Unfinished("telegram").Select(u => u.Id));

        Offsets.Finished("telegram", 21);
        Assert.Equal([22L], Offsets.Unfinished("telegram").Select(u => u.Id));
        Assert.Equal([5L], Offsets.TakeOver("other").Select(u => u.Id));
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

    protected override IPlatformOffsets AnotherProcess() => new LitePlatformOffsets(_database!, new CheckpointStore(_database!));

    protected override Task EndAsync(IPlatformOffsets process) => Task.CompletedTask;

    protected override Task DestroyAsync()
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The PostgreSQL offsets, on a database of their own in the test server. Each "process" is its own inbox owner, as
/// each replica is; ending one frees its owner lock, as a kill does.
/// </summary>
public sealed class PostgresPlatformOffsetsContract : PlatformOffsetsContract
{
    private readonly Dictionary<IPlatformOffsets, PostgresInboxOwner> _owners = [];
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IPlatformOffsets> CreateAsync()
    {
        _dataSource = await ChangeSequenceTests.OpenAsync();
        return AnotherProcess();
    }

    protected override IPlatformOffsets AnotherProcess()
    {
        var owner = new PostgresInboxOwner(_dataSource!, TimeSpan.FromSeconds(15), TimeProvider.System);
        // As the host's keeper does at start; the test thread may wait on it.
        Assert.True(owner.TryHoldAsync(CancellationToken.None).GetAwaiter().GetResult());
        var offsets = new PostgresPlatformOffsets(_dataSource!, owner);
        _owners[offsets] = owner;
        return offsets;
    }

    protected override async Task EndAsync(IPlatformOffsets process) => await _owners[process].DisposeAsync();

    protected override async Task DestroyAsync()
    {
        foreach (var owner in _owners.Values)
        {
            await owner.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_live_replicas_updates_are_never_taken_over_and_a_dead_ones_are_taken_by_one_replica()
    {
        var a = AnotherProcess();
        var b = AnotherProcess();
        a.Accept("telegram", [new PlatformUpdate(31, "chat:1", "{}")], 32);
        b.Accept("telegram", [new PlatformUpdate(33, "chat:3", "{}")], 34);

        Assert.Empty(Offsets.TakeOver("telegram"));
        Assert.Empty(a.TakeOver("telegram"));
        Assert.Empty(b.TakeOver("telegram"));

        await EndAsync(a);
        var taken = await Task.WhenAll(Task.Run(() => Offsets.TakeOver("telegram")), Task.Run(() => b.TakeOver("telegram")));

        Assert.Equal([31L], taken.SelectMany(t => t).Select(u => u.Id));
        // Now the taker's: neither the other live one nor the taker itself takes it again.
        Assert.Empty(Offsets.TakeOver("telegram"));
        Assert.Empty(b.TakeOver("telegram"));
        Assert.Equal([31L, 33L], Offsets.Unfinished("telegram").Select(u => u.Id));
    }

    [Fact]
    public async Task Replicas_taking_over_at_once_take_each_update_of_the_dead_once()
    {
        var replicas = Enumerable.Range(0, 3).Select(_ => AnotherProcess()).ToList();
        for (var round = 0; round < 5; round++)
        {
            var dead = AnotherProcess();
            var ids = Enumerable.Range(round * 100, 60).Select(i => (long)i).ToList();
            dead.Accept("telegram", [.. ids.Select(i => new PlatformUpdate(i, "chat:" + (i % 7), "{}"))], ids[^1] + 1);
            await EndAsync(dead);

            var taken = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.TakeOver("telegram"))));

            Assert.Equal(ids, taken.SelectMany(t => t).Select(u => u.Id).Order());
        }
    }

    [Fact]
    public async Task An_update_kept_before_owners_were_recorded_is_taken_over()
    {
        await using (var insert = _dataSource!.CreateCommand("INSERT INTO bb_platform_inbox (stream, id, lane, payload) VALUES ('telegram', 41, 'chat:4', '{}')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal([41L], Offsets.TakeOver("telegram").Select(u => u.Id));
        Assert.Empty(AnotherProcess().TakeOver("telegram"));
    }
}
