using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;

namespace BulletinBot.Owner;

/// <summary>
/// Who is on the other end of the owner socket (SO_PEERCRED on Linux): only this process's own user and
/// root are served. Elsewhere the socket's 0600 mode is the guard.
/// </summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    private static readonly Lazy<uint?> OwnUid = new(ReadOwnUid);

    /// <summary>Null when <paramref name="client"/> may be served; else the one line that says why not.</summary>
    public static string? Refusal(Socket client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!OperatingSystem.IsLinux() || OwnUid.Value is not { } own)
        {
            return null;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit numbers in the machine's order.
        var credentials = new byte[12];
        var length = client.GetRawSocketOption(SolSocket, SoPeerCred, credentials);
        if (length < 8)
        {
            return "The running bot could not tell who asked, so it answers nobody it cannot name.";
        }

        var uid = BitConverter.IsLittleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(credentials.AsSpan(4))
            : BinaryPrimitives.ReadUInt32BigEndian(credentials.AsSpan(4));
        return uid == own || uid == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"The running bot serves only its own user (uid {own}) and root, not uid {uid}: ask as that user.");
    }

    /// <summary>This process's effective user id, from /proc (no native call needed); null when it cannot be read.</summary>
    private static uint? ReadOwnUid()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = line?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: >= 3 } && uint.TryParse(fields[2], CultureInfo.InvariantCulture, out var uid) ? uid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
