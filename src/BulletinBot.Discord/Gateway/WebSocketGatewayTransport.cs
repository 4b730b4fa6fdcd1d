using System.Buffers;
using System.Net.WebSockets;

namespace BulletinBot.Discord.Gateway;

/// <summary>The gateway transport over <see cref="ClientWebSocket"/>.</summary>
public sealed class WebSocketGatewayTransport(TimeProvider time) : IGatewayTransport
{
    public async Task<IGatewayConnection> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            return new Connection(socket, time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class Connection(ClientWebSocket socket, TimeProvider time) : IGatewayConnection
    {
        // READY and large dispatches can be big; anything beyond this is not a gateway message we want.
        private const int MaxMessageBytes = 16 * 1024 * 1024;

        public async Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken) =>
            await socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(8192);
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(8192), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return GatewayFrame.Closed((int?)socket.CloseStatus, socket.CloseStatusDescription);
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > MaxMessageBytes)
                {
                    throw new WebSocketException(WebSocketError.Faulted, "A gateway message was larger than 16 MiB.");
                }

                if (result.EndOfMessage)
                {
                    return GatewayFrame.Message(buffer.WrittenMemory);
                }
            }
        }

        public async Task CloseAsync(int closeCode, CancellationToken cancellationToken)
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                try
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, null, linked.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The socket is going away either way.
                }
            }

            socket.Abort();
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
