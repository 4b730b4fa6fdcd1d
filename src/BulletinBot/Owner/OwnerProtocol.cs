using System.Text;
using System.Text.Json;
using BulletinBot.Core.Storage;

namespace BulletinBot.Owner;

/// <summary>
/// A request to the process that owns a store: ask a command, ingest now, or report health. An ask carries the asking
/// terminal's language (its LANG), so the owner answers in it, not in its own.
/// </summary>
internal sealed record OwnerRequest(string Verb, string? Text = null, string? Language = null);

/// <summary>The owner's answer: the exit code the asking verb returns and what it prints.</summary>
internal sealed record OwnerResponse(int Code, string Output, string Error);

/// <summary>
/// The local socket beside a store (<see cref="StoreFiles.Socket"/>) through which a short-lived verb (ask, ingest,
/// health) is answered by the bot that owns the store, instead of opening the file a second time.
/// One JSON line each way; the server is <see cref="OwnerServer"/>, the client is the verbs' OwnerClient.
/// </summary>
internal static class OwnerProtocol
{
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Unix socket paths are limited to about 108 bytes; a longer store path is served without a socket.</summary>
    public const int MaxSocketPathBytes = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool CanServe(StoreFiles files) => Encoding.UTF8.GetByteCount(files?.Socket ?? string.Empty) <= MaxSocketPathBytes;

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

    public static string Serialize(OwnerRequest request) => JsonSerializer.Serialize(request, Json);

    public static OwnerResponse? ParseResponse(string line) => JsonSerializer.Deserialize<OwnerResponse>(line, Json);

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
