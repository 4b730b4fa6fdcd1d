using System.Net.Sockets;
using BulletinBot.Composition;
using BulletinBot.Core.Storage;
using BulletinBot.Owner;

namespace BulletinBot.Verbs;

/// <summary>
/// The client of a running owner: when a bot or a chat owns the store, a short-lived verb (ask, ingest, health) is
/// answered by it over the store's socket, and this process never opens the file. Every setting is checked first, so a
/// bad one is named whether or not an owner runs.
/// </summary>
internal static class OwnerClient
{
    /// <summary>
    /// Composes the verb (every setting converted and validated, the store's files resolved from <c>Storage:Path</c>)
    /// without opening anything; a bad setting throws here, before any owner is asked.
    /// </summary>
    public static OneShotHost Compose(IConfiguration configuration, string role)
    {
        var host = OneShotHost.Build(configuration, role);
        try
        {
            StartTrace.Mark("services composed");
            host.Start();
            if (host.Services.GetService<StoreFiles>() is null)
            {
                // A store on a database server has no owner to ask: its server is reached (and migrated) now, so an
                // unreachable one is said before anything else is done.
                _ = host.Services.GetRequiredService<IBulletinStore>();
            }

            StartTrace.Mark("options validated");
            return host;
        }
        catch
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// Has the owner of <paramref name="files"/> answer <paramref name="request"/> and prints its answer; null when no
    /// owner answers, so the caller opens the store itself.
    /// </summary>
    public static async Task<int?> ForwardAsync(
        StoreFiles? files, OwnerRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (files is null || await TrySendAsync(files, request, cancellationToken) is not { } response)
        {
            return null;
        }

        await output.WriteAsync(response.Output);
        await error.WriteAsync(response.Error);
        return response.Code;
    }

    /// <summary>
    /// Sends <paramref name="request"/> to the live owner of the store, or returns null when no owner answers (none
    /// runs, or it serves no socket).
    /// </summary>
    public static async Task<OwnerResponse?> TrySendAsync(StoreFiles files, OwnerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);

        // Whether an owner listens is asked of the socket itself: a stale socket file refuses the
        // connection, and a bot in another container (another pid namespace) still answers.
        if (files.InMemory || !OwnerProtocol.CanServe(files) || !File.Exists(files.Socket))
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(files.Socket), connect.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await OwnerProtocol.WriteLineAsync(stream, OwnerProtocol.Serialize(request), cancellationToken);
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        answer.CancelAfter(TimeSpan.FromSeconds(60));
        var line = await OwnerProtocol.ReadLineAsync(stream, answer.Token);
        return line is null ? null : OwnerProtocol.ParseResponse(line);
    }
}
