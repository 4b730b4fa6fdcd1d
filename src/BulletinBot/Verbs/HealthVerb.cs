using BulletinBot.Core.Storage;
using BulletinBot.Owner;
using BulletinBot.Postgres;

namespace BulletinBot.Verbs;

/// <summary>health: whether the running bot is healthy (exit 0) or not (1), for Docker's HEALTHCHECK.</summary>
internal static class HealthVerb
{
    /// <summary>
    /// Asks the running bot how it is; with no bot running, checks the store alone (every page and every record read)
    /// and says so (unhealthy). A path with no store stays without one; a damaged store is one line and exit 3.
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The settings are checked first; the store is opened only once it is known to be there and nobody owns it.
        await using var host = OwnerClient.Compose(configuration, role: "health");
        if (host.Services.GetService<StoreFiles>() is not { } files)
        {
            // On PostgreSQL the replicas' state is the database's: read there, whichever replica (or none) runs here.
            ReplicaHealth health;
            IReadOnlyList<string?>? shards = null;
            try
            {
                _ = host.Services.GetRequiredService<IBulletinStore>();
                var dataSource = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
                health = await PostgresHealth.ReadAsync(dataSource, cancellationToken);
                if (DiscordShardCount(configuration) is { } shardCount)
                {
                    shards = await PostgresHealth.DiscordShardsAsync(dataSource, shardCount, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is StorageException or System.Data.Common.DbException or IOException or TimeoutException)
            {
                await output.WriteLineAsync($"store: unreachable, {exception.Message.ReplaceLineEndings(" ")}");
                return ExitCodes.NotUnderstood;
            }

            var (healthy, lines) = HealthReport.OfReplicas(health, shards);
            foreach (var line in lines)
            {
                await output.WriteLineAsync(line);
            }

            return healthy ? ExitCodes.Ok : ExitCodes.NotUnderstood;
        }

        if (await OwnerClient.ForwardAsync(files, new OwnerRequest("health"), output, error, cancellationToken) is { } forwarded)
        {
            return forwarded;
        }

        if (!files.InMemory && !File.Exists(files.Store))
        {
            await output.WriteLineAsync($"store: none at {files.Store} (a bot started with this Storage:Path creates it)");
            await output.WriteLineAsync("bot: not running on this store");
            return ExitCodes.NotUnderstood;
        }

        var count = StoreCheck.ReadAll(host.Services.GetRequiredService<BulletinDatabase>(), cancellationToken);
        await output.WriteLineAsync($"store: ok, {count} items");
        await output.WriteLineAsync("bot: not running on this store");
        return ExitCodes.NotUnderstood;
    }

    /// <summary>The replicas' Discord shards (Discord:ShardCount) when Discord is on; null when it is not.</summary>
    private static int? DiscordShardCount(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["Discord:BotToken"]) ? null
            : int.TryParse(configuration["Discord:ShardCount"], System.Globalization.CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 65536 ? count : 1;
}
