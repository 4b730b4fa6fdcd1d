namespace BulletinBot.Discord.Gateway;

/// <summary>Opens WebSocket connections to the gateway. Tests replace it or point it at a fake server.</summary>
public interface IGatewayTransport
{
    Task<IGatewayConnection> ConnectAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>One open gateway socket: whole text messages in and out, and its close.</summary>
public interface IGatewayConnection : IAsyncDisposable
{
    /// <summary>Sends one whole text message. Callers send one message at a time.</summary>
    Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken);

    /// <summary>The next whole message, or the close the server sent; throws when the socket drops.</summary>
    Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Closes with the given code (never waits long for the server's answer) and drops the socket.</summary>
    Task CloseAsync(int closeCode, CancellationToken cancellationToken);
}

/// <summary>A received message (<see cref="Payload"/>) or the server's close (<see cref="CloseCode"/>).</summary>
public sealed record GatewayFrame(ReadOnlyMemory<byte> Payload, int? CloseCode, string? CloseReason)
{
    public bool IsClose => CloseCode is not null || Payload.IsEmpty;

    public static GatewayFrame Message(ReadOnlyMemory<byte> payload) => new(payload, null, null);

    public static GatewayFrame Closed(int? code, string? reason) => new(ReadOnlyMemory<byte>.Empty, code ?? 1005, reason);
}
