using BulletinBot.Core.Chats;
using System.Net.Sockets;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Storage;
using BulletinBot.Terminal;

namespace BulletinBot.Owner;

/// <summary>
/// In the process that owns the store (the bot or the terminal chat), answers the ask, ingest and
/// health verbs of other processes over the store's local socket, so they never open the file too.
/// Only its own user (or root) is served: the socket is made 0600 whatever the umask, and each peer's
/// credentials are checked. A peer gets a few seconds to send its request, and requests are read
/// concurrently, so clients that connect and say nothing cannot stall health or ask.
/// </summary>
internal sealed class OwnerServer(
    IServiceProvider services,
    StoreFiles files,
    IConversation conversation,
    IngestionService ingestion,
    HealthReport health,
    ILogger<OwnerServer> logger) : BackgroundService
{
    /// <summary>How long a connected peer has to send its request line.</summary>
    public static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(5);

    /// <summary>Connections served at once; one more is closed at once rather than queued.</summary>
    public const int MaxConnections = 64;

    // Answers run a few at a time (an ingest, a search); reading requests does not take a slot.
    private readonly SemaphoreSlim _concurrency = new(4);
    private int _connections;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (files.InMemory)
        {
            return;
        }

        // Taking the store first: the socket is only ever replaced by the process that holds the lock.
        _ = services.GetRequiredService<BulletinDatabase>();
        if (!OwnerProtocol.CanServe(files))
        {
            logger.LogWarning("The store path is too long for a local socket; ask and ingest beside this bot will be refused");
            return;
        }

        var socketPath = files.Socket;
        File.Delete(socketPath);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));

        // Before it listens, nobody can connect: the umask's mode never serves anyone.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        listener.Listen(MaxConnections);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stoppingToken);
                if (Interlocked.Increment(ref _connections) > MaxConnections)
                {
                    Interlocked.Decrement(ref _connections);
                    logger.LogWarning("More than {Max} local connections at once; one was closed", MaxConnections);
                    client.Dispose();
                    continue;
                }

                _ = ServeAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using var owned = client;
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            string? line;
            using (var reading = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token))
            {
                reading.CancelAfter(RequestDeadline);
                line = await OwnerProtocol.ReadLineAsync(stream, reading.Token);
            }

            // The request is read before a refusal is sent: a peer still writing to a closed socket would fail
            // with a broken pipe instead of reading why.
            if (PeerCredentials.Refusal(client) is { } refusal)
            {
                logger.LogWarning("A local request was refused: {Reason}", refusal);
                await OwnerProtocol.WriteLineAsync(stream, OwnerProtocol.Serialize(new OwnerResponse(ExitCodes.StorageFailure, string.Empty, refusal + "\n")), timeout.Token);
                return;
            }

            var response = line is null || OwnerProtocol.ParseRequest(line) is not { } request
                ? new OwnerResponse(ExitCodes.NotUnderstood, string.Empty, "The request to the running bot could not be read.")
                : await AnswerInTurnAsync(request, timeout.Token);
            await OwnerProtocol.WriteLineAsync(stream, OwnerProtocol.Serialize(response), timeout.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            logger.LogDebug(exception, "A local request ended early");
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    private async Task<OwnerResponse> AnswerInTurnAsync(OwnerRequest request, CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken);
        try
        {
            return await AnswerAsync(request, cancellationToken);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private async Task<OwnerResponse> AnswerAsync(OwnerRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await AnswerVerbAsync(request, cancellationToken);
        }
        catch (Exception exception) when (StoreDamage.Classify(exception) is { } damage)
        {
            // The asking process exits as it would have on its own: one line and the store's code.
            return new OwnerResponse(ExitCodes.StorageFailure, string.Empty, $"Storage error: {damage.Message}\n");
        }
    }

    private async Task<OwnerResponse> AnswerVerbAsync(OwnerRequest request, CancellationToken cancellationToken)
    {
        switch (request.Verb)
        {
            case "ask":
                // An ask answered for another process is the same one-shot answer, and leaves this chat's listing alone.
                var asker = ChatContext.OneShot with { Language = Languages.Of(request.Language) };
                var reply = await conversation.AnswerAsync(request.Text ?? string.Empty, asker, cancellationToken)
                    ?? await conversation.AnswerAsync(new HelpCommand(null), asker, cancellationToken);
                using (var text = new StringWriter())
                {
                    await new PlainTextRenderer(text).WriteAsync(reply, cancellationToken);
                    return AnswerText.Failed(reply)
                        ? new OwnerResponse(ExitCodes.NotUnderstood, string.Empty, text.ToString())
                        : new OwnerResponse(ExitCodes.Ok, text.ToString(), string.Empty);
                }

            case "ingest":
                var report = await ingestion.IngestAllAsync(cancellationToken);
                return new OwnerResponse(report.Failed == 0 ? ExitCodes.Ok : ExitCodes.NotUnderstood, AnswerText.Summary(report) + "\n", string.Empty);
            case "health":
                var (healthy, lines) = health.Check();
                return new OwnerResponse(healthy ? ExitCodes.Ok : ExitCodes.NotUnderstood, string.Join('\n', lines) + "\n", string.Empty);
            default:
                return new OwnerResponse(ExitCodes.NotUnderstood, string.Empty, $"The running bot does not know the request {request.Verb}.");
        }
    }

    public override void Dispose()
    {
        _concurrency.Dispose();
        base.Dispose();
    }
}
