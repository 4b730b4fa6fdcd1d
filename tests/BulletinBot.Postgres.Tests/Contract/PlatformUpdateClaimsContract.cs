using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>The rules of <see cref="IPlatformUpdateClaims"/>, run against the embedded store and PostgreSQL.</summary>
public abstract class PlatformUpdateClaimsContract : IAsyncLifetime
{
    protected IPlatformUpdateClaims Claims { get; private set; } = null!;

    /// <summary>The offsets and inbox of the same store, where a claim that keeps its update puts it.</summary>
    protected IPlatformOffsets Offsets { get; set; } = null!;

    protected abstract Task<IPlatformUpdateClaims> CreateAsync();

    protected abstract Task DestroyAsync();

    public async Task InitializeAsync() => Claims = await CreateAsync();

    public Task DisposeAsync() => DestroyAsync();

    [Fact]
    public void An_update_is_claimed_once_per_stream()
    {
        Assert.True(Claims.TryClaim("telegram", 41));
        Assert.False(Claims.TryClaim("telegram", 41));
        Assert.True(Claims.TryClaim("telegram", 42));
        Assert.True(Claims.TryClaim("other", 41));
        Assert.False(Claims.TryClaim("other", 41));
    }

    [Fact]
    public async Task Of_many_claims_of_one_update_at_once_exactly_one_wins()
    {
        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Claims.TryClaim("telegram", 7))));

        Assert.Single(wins, won => won);
    }

    [Fact]
    public void A_claim_that_keeps_its_update_keeps_it_only_when_it_wins()
    {
        Assert.True(Claims.TryClaim("telegram", new PlatformUpdate(51, "chat-1", "{\"update_id\":51}")));
        Assert.False(Claims.TryClaim("telegram", new PlatformUpdate(51, "chat-2", "{\"update_id\":51,\"again\":1}")));
        Assert.False(Claims.TryClaim("telegram", 51));

        Assert.Equal([new PlatformUpdate(51, "chat-1", "{\"update_id\":51}")], Offsets.Unfinished("telegram"));

        // Finished, then delivered again: the claim is remembered, so it is not kept (nor answered) a second time.
        Offsets.Finished("telegram", 51);
        Assert.False(Claims.TryClaim("telegram", new PlatformUpdate(51, "chat-1", "{\"update_id\":51}")));
        Assert.Empty(Offsets.Unfinished("telegram"));

        Assert.True(Claims.TryClaim("telegram", 52));
        Assert.False(Claims.TryClaim("telegram", new PlatformUpdate(52, "chat-1", "{}")));
        Assert.Empty(Offsets.Unfinished("telegram"));
    }

    [Fact]
    public async Task Of_many_keeping_claims_of_one_update_at_once_exactly_one_wins_and_keeps_it()
    {
        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(n =>
            Task.Run(() => Claims.TryClaim("telegram", new PlatformUpdate(9, $"chat-{n}", "{}")))));

        Assert.Single(wins, won => won);
        var kept = Assert.Single(Offsets.Unfinished("telegram"));
        Assert.Equal($"chat-{Array.IndexOf(wins, true)}", kept.Lane);
    }
}

public sealed class LiteDbPlatformUpdateClaimsContract : PlatformUpdateClaimsContract
{
    private BulletinDatabase? _database;

    protected override Task<IPlatformUpdateClaims> CreateAsync()
    {
        _database = BulletinDatabase.InMemory();
        Offsets = new LitePlatformOffsets(_database, new CheckpointStore(_database));
        return Task.FromResult<IPlatformUpdateClaims>(new LitePlatformUpdateClaims(_database));
    }

    protected override Task DestroyAsync()
    {
        _database?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresPlatformUpdateClaimsContract : PlatformUpdateClaimsContract
{
    private NpgsqlDataSource? _dataSource;
    private readonly List<PostgresInboxOwner> _owners = [];

    protected override async Task<IPlatformUpdateClaims> CreateAsync()
    {
        _dataSource = await ChangeSequenceTests.OpenAsync();
        var owner = new PostgresInboxOwner(_dataSource, TimeSpan.FromSeconds(15), TimeProvider.System);
        _owners.Add(owner);
        Offsets = new PostgresPlatformOffsets(_dataSource, owner);
        return new PostgresPlatformUpdateClaims(_dataSource, TimeProvider.System, owner);
    }

    protected override async Task DestroyAsync()
    {
        foreach (var owner in _owners)
        {
            await owner.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
