using BulletinBot.Composition;
using BulletinBot.Core.Storage;

namespace BulletinBot.Verbs;

/// <summary>
/// run (the default): a service for every platform whose token is set, until SIGTERM or Ctrl-C; with no token, the
/// terminal chat (<see cref="ChatVerb"/>).
/// </summary>
internal static class RunVerb
{
    public static Task<int> RunAsync(
        IConfiguration configuration, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        PlatformServiceCollectionExtensions.AnyPlatformConfigured(configuration)
            ? ServeAsync(configuration, cancellationToken)
            : ChatVerb.RunAsync(configuration, input, output, error, cancellationToken);

    /// <summary>The bot as a service: every platform whose token is set, until SIGTERM or Ctrl-C; stdin is never read.</summary>
    private static async Task<int> ServeAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        using var host = BotHost.Build(configuration, HostMode.Service, interactive: false, role: "bot");
        var failures = ServiceFailures.Watch(host);
        await host.StartAsync(cancellationToken);

        // The host's console lifetime turns SIGTERM and Ctrl-C into a stop; the token covers a caller that
        // cancels. Either way the services get the host's shutdown timeout to finish what they send.
        await host.WaitForShutdownAsync(cancellationToken);

        // A store lost to a full disk stops the host, whichever service met it first: a supervisor must see a failure
        // and start it again (exit 3).
        if (host.Services.GetService<DiskSpace>()?.Probe() is { } fatal)
        {
            throw new StorageException(fatal);
        }

        // A service that failed on an error it could not handle stopped the host: the same, and says which (exit 4).
        failures.ThrowIfAny();

        // Every platform refused its token: the process had no use left, and says which setting to fix (exit 2).
        return host.Services.GetService<PlatformRefusals>()?.Fatal is { } refused
            ? throw new PlatformRefusedException(refused)
            : ExitCodes.Ok;
    }
}
