using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres.Tests.Contract;

/// <summary>The rules of <see cref="IPlatformUpdateClaims"/>, run against the embedded store and PostgreSQL.</summary>
public abstract class PlatformUpdateClaimsContract : IAsyncLifetime
{
    protected IPlatformUpdateClaims Claims { get; private set; } = null!;

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
}

public sealed class LiteDbPlatformUpdateClaimsContract : PlatformUpdateClaimsContract
{
    private BulletinDatabase? _database;

    protected override Task<IPlatformUpdateClaims> CreateAsync()
    {
        _database = BulletinDatabase.InMemory();
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

    protected override async Task<IPlatformUpdateClaims> CreateAsync()
    {
        _dataSource = await ChangeSequenceTests.OpenAsync();
        return new PostgresPlatformUpdateClaims(_dataSource, TimeProvider.System);
    }

    protected override async Task DestroyAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
