using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using BulletinBot.Discord.Gateway;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>
/// The gateway transport in memory, as Remora.Discord's tests script theirs: each connection the client opens is
/// handed to the test, which plays the server frame by frame (send Hello, expect Identify, drop, expect Resume...).
/// </summary>
internal sealed class ScriptedGatewayTransport : IGatewayTransport
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<ScriptedConnection> connections = Channel.CreateUnbounded<ScriptedConnection>();

    public Task<IGatewayConnection> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var connection = new ScriptedConnection(url);
        connections.Writer.TryWrite(connection);
        return Task.FromResult<IGatewayConnection>(connection);
    }

    /// <summary>The next connection the client opened.</summary>
    public async Task<ScriptedConnection> NextConnectionAsync() => await connections.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>Whether the client opened a connection the test has not taken yet.</summary>
    public bool Reconnected => connections.Reader.TryRead(out _);
}

/// <summary>One scripted connection: the client's side is <see cref="IGatewayConnection"/>, the test plays the server.</summary>
internal sealed class ScriptedConnection(Uri url) : IGatewayConnection
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<GatewayFrame> toClient = Channel.CreateUnbounded<GatewayFrame>();
    private readonly Channel<JsonElement> fromClient = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<int?> clientClose = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource gone = new();

    /// <summary>The URL the client connected to, with its query.</summary>
    public Uri Url { get; } = url;

    // The client's side.
    Task IGatewayConnection.SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        if (gone.IsCancellationRequested)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the scripted connection is gone");
        }

        using var document = JsonDocument.Parse(utf8Json);
        fromClient.Writer.TryWrite(document.RootElement.Clone());
        return Task.CompletedTask;
    }

    async Task<GatewayFrame> IGatewayConnection.ReceiveAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gone.Token);
        try
        {
            return await toClient.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the scripted connection dropped");
        }
    }

    Task IGatewayConnection.CloseAsync(int closeCode, CancellationToken cancellationToken)
    {
        clientClose.TrySetResult(closeCode);
        Abort();
        return Task.CompletedTask;
    }

    ValueTask IAsyncDisposable.DisposeAsync()
    {
        clientClose.TrySetResult(null);
        Abort();
        return ValueTask.CompletedTask;
    }

    // The server's side, played by the test.
    public void Send(object payload) => toClient.Writer.TryWrite(GatewayFrame.Message(JsonSerializer.SerializeToUtf8Bytes(payload)));

    public void Hello(int heartbeatIntervalMs = 41250) => Send(new { op = 10, d = new { heartbeat_interval = heartbeatIntervalMs } });

    public void Dispatch(string name, long sequence, object data) => Send(new { op = 0, s = sequence, t = name, d = data });

    public void Ready(long sequence, string sessionId, string resumeUrl) => Dispatch("READY", sequence, new
    {
        v = 10,
        session_id = sessionId,
        resume_gateway_url = resumeUrl,
        application = new { id = "100000000000000001", flags = 0 },
        user = new { id = "100000000000000001", username = "bulletinbot", bot = true },
        guilds = Array.Empty<object>(),
    });

    /// <summary>The server closes with <paramref name="code"/>, as Discord does with 4004 for a wrong token.</summary>
    public void Close(int code, string reason) => toClient.Writer.TryWrite(GatewayFrame.Closed(code, reason));

    /// <summary>The connection drops without a close frame.</summary>
    public void Drop() => Abort();

    /// <summary>The next frame the client sends, which must have opcode <paramref name="op"/>.</summary>
    public async Task<JsonElement> ExpectAsync(int op)
    {
        JsonElement frame;
        try
        {
            frame = await fromClient.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        }
        catch (ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"expected op {op}, but the client closed the connection ({await clientClose.Task})");
        }

        Assert.True(frame.GetProperty("op").GetInt32() == op, $"expected op {op}, got {frame}");
        return frame;
    }

    /// <summary>Waits until the client closes, skipping what it sends meanwhile: its close code, or null if it just let go.</summary>
    public async Task<int?> ExpectCloseAsync()
    {
        while (await fromClient.Reader.WaitToReadAsync().AsTask().WaitAsync(Patience))
        {
            fromClient.Reader.TryRead(out _);
        }

        return await clientClose.Task.WaitAsync(Patience);
    }

    private void Abort()
    {
        gone.Cancel();
        fromClient.Writer.TryComplete();
    }
}
