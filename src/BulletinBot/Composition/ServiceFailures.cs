using System.Runtime.ExceptionServices;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Storage;

namespace BulletinBot.Composition;

/// <summary>
/// A background service that ends on an error it did not handle stops the host (the Generic Host's StopHost), and
/// until now the bot then exited 0 without a word: a supervisor with a restart-on-failure policy left it down. This
/// keeps which service had failed when the stop began, so the bot exits <see cref="ExitCodes.ServiceFailed"/> with one
/// line that says what failed. A service that throws only once its token is cancelled, while the host stops, is not
/// counted: the failure must come before the stop.
/// </summary>
internal sealed class ServiceFailures
{
    private readonly IReadOnlyList<BackgroundService> services;
    private volatile BackgroundService? failed;

    private ServiceFailures(IHost host)
    {
        services = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(
            () => failed ??= services.FirstOrDefault(service => service.ExecuteTask is { IsFaulted: true }));
    }

    /// <summary>Watches <paramref name="host"/>'s background services; call before the host starts.</summary>
    public static ServiceFailures Watch(IHost host) => new(host);

    /// <summary>Throws <see cref="ServiceFailedException"/> when a service's failure stopped the host.</summary>
    public void ThrowIfAny()
    {
        if (failed?.ExecuteTask?.Exception is not { } error)
        {
            return;
        }

        var cause = error.InnerExceptions.Count == 1 ? error.InnerException! : error;
        if (cause is StorageException || DiskSpace.IsFull(cause) || StoreDamage.Classify(cause) is not null)
        {
            // The store's failures keep their own line and exit code (3).
            ExceptionDispatchInfo.Throw(cause);
        }

        throw new ServiceFailedException(Describe(failed, cause), cause);
    }

    private static string Describe(BackgroundService service, Exception cause)
    {
        // The message's first line only: one line on stderr, never a stack trace.
        var message = cause.Message.Split('\n', 2)[0].Trim();
        return cause is PlatformStoppedException
            ? $"{message} The bot stopped; start it again once that is fixed."
            : $"{service.GetType().Name} failed ({cause.GetType().Name}: {message}); the bot stopped. Start it again (a restart-on-failure policy does).";
    }
}

/// <summary>A background service's failure stopped the bot: the message says which, in one line.</summary>
internal sealed class ServiceFailedException : Exception
{
    public ServiceFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServiceFailedException()
    {
    }

    public ServiceFailedException(string message)
        : base(message)
    {
    }
}
