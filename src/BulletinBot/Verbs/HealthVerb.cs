using BulletinBot.Core.Storage;
using BulletinBot.Owner;

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
            // On PostgreSQL the store is the server's: composing reached it; a running replica is not asked yet.
            await output.WriteLineAsync($"store: ok, {host.Services.GetRequiredService<IBulletinStore>().Count()} items (PostgreSQL)");
            await output.WriteLineAsync("bot: not asked (the health of a running replica on PostgreSQL comes in a later build)");
            return ExitCodes.NotUnderstood;
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
}
