using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BulletinBot.Owner;

/// <summary>A request to the process that owns a store: ask a command, ingest now, or report health.</summary>
internal sealed record OwnerRequest(string Verb, string? Text = null);

/// <summary>The owner's answer: the exit code the asking verb returns and what it prints.</summary>
internal sealed record OwnerResponse(int Code, string Output, string Error);

/// <summary>
/// The local socket beside a store ("&lt;store&gt;.sock") through which a short-lived verb (ask, ingest,
/// health) is answered by the bot that owns the store, instead of opening the file a second time.
/// One JSON line each way.
/// </summary>
internal static class OwnerProtocol
{
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Unix socket paths are limited to about 108 bytes; a longer store path is served without a socket.</summary>
    public const int MaxSocketPathBytes = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SocketPath(string storePath) => storePath + ".sock";

    public static bool CanServe(string storePath) => Encoding.UTF8.GetByteCount(SocketPath(storePath)) <= MaxSocketPathBytes;

    /// <summary>
    /// Sends <paramref name="request"/> to the live owner of the store, or returns null when no owner
    /// answers (none runs, or it serves no socket), so the caller opens the store itself.
    /// </summary>
    public static async Task<OwnerResponse?> TrySendAsync(string storePath, OwnerRequest request, CancellationToken cancellationToken)
    {
        var socketPath = SocketPath(storePath);
        // Whether an owner listens is asked of the socket itself: a stale socket file refuses the
        // connection, and a bot in another container (another pid namespace) still answers.
        if (!CanServe(storePath) || !File.Exists(socketPath))
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), connect.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await WriteLineAsync(stream, JsonSerializer.Serialize(request, Json), cancellationToken);
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        answer.CancelAfter(TimeSpan.FromSeconds(60));
        var line = await ReadLineAsync(stream, answer.Token);
        return line is null ? null : JsonSerializer.Deserialize<OwnerResponse>(line, Json);
    }

    public static OwnerRequest? ParseRequest(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<OwnerRequest>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Serialize(OwnerResponse response) => JsonSerializer.Serialize(response, Json);

    public static async Task WriteLineAsync(Stream stream, string line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>One line of at most <see cref="MaxLineBytes"/>; null when the peer closed or sent too much.</summary>
    public static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (buffer.Length <= MaxLineBytes)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            var end = Array.IndexOf(chunk, (byte)'\n', 0, read);
            buffer.Write(chunk, 0, end < 0 ? read : end);
            if (end >= 0)
            {
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        return null;
    }
}
