using BulletinBot.TestServers;
using Npgsql;

namespace BulletinBot.Postgres.Tests;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Three_replicas_starting_at_once_apply_each_migration_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Shared.CreateDatabase());
        using var start = new Barrier(3);

        var applied = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
        })));

        var total = SchemaMigrator.All().Count;
        Assert.Equal(total, applied.Sum());
        Assert.Equal(total, applied.Max());

        await using var command = dataSource.CreateCommand("SELECT count(*), count(DISTINCT version) FROM bb_migrations");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(total, reader.GetInt64(0));
        Assert.Equal(total, reader.GetInt64(1));
    }

    [Fact]
    public async Task A_second_start_applies_nothing_and_keeps_the_rows()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Shared.CreateDatabase());
        await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
        await using (var insert = dataSource.CreateCommand("INSERT INTO bb_meta (key, value) VALUES ('kept', 'yes')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None));

        await using var read = dataSource.CreateCommand("SELECT value FROM bb_meta WHERE key = 'kept'");
        Assert.Equal("yes", await read.ExecuteScalarAsync());
    }

    [Fact]
    public void Scripts_are_numbered_without_gaps_from_one()
    {
        var versions = SchemaMigrator.All().Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
