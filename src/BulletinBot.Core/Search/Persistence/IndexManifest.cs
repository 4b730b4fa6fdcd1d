using System.Globalization;
using System.IO.Hashing;
using System.Text;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Persistence;

/// <summary>
/// Which segment files make up the index, oldest first, which store they index and the last change of
/// that store they hold. A text file of a few lines, the last of which is the CRC-32 of the others:
/// <code>
/// BulletinBot index 1
/// store 5f0c…            (the store's identity: an index of another store is not trusted)
/// sequence 120345        (every change up to this one is in the segments)
/// next 17                (the number the next segment file takes)
/// segment seg-000012.bbs 48211903
/// checksum 1a2b3c4d
/// </code>
/// </summary>
internal sealed record IndexManifest(string StoreIdentity, long Sequence, int NextSegment, IReadOnlyList<ManifestSegment> Segments)
{
    public const string FileName = "manifest";
    private const string FirstLine = "BulletinBot index 1";

    public static IndexManifest Empty(string storeIdentity) => new(storeIdentity, 0, 1, []);

    /// <summary>The manifest in <paramref name="folder"/>; null when there is none,
    /// <see cref="IndexCorruptException"/> when it cannot be trusted.</summary>
    public static IndexManifest? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path, Encoding.UTF8);
        var cut = text.LastIndexOf("checksum ", StringComparison.Ordinal);
        if (cut < 0 || !uint.TryParse(text.AsSpan(cut + 9).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var crc)
            || crc != Crc32.HashToUInt32(Encoding.UTF8.GetBytes(text[..cut])))
        {
            throw new IndexCorruptException("the index manifest fails its checksum");
        }

        var lines = text[..cut].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 4 || lines[0] != FirstLine)
        {
            throw new IndexCorruptException($"the index manifest is of another format ({lines.FirstOrDefault()})");
        }

        try
        {
            var segments = lines.Skip(4).Select(line => line.Split(' ')).Select(parts => parts.Length == 3 && parts[0] == "segment"
                ? new ManifestSegment(parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture))
                : throw new IndexCorruptException($"the index manifest has a line it does not know: {string.Join(' ', parts)}")).ToList();
            return new IndexManifest(
                Value(lines[1], "store"),
                long.Parse(Value(lines[2], "sequence"), CultureInfo.InvariantCulture),
                int.Parse(Value(lines[3], "next"), CultureInfo.InvariantCulture),
                segments);
        }
        catch (FormatException exception)
        {
            throw new IndexCorruptException("the index manifest has a malformed number", exception);
        }
    }

    /// <summary>Replaces the manifest in <paramref name="folder"/> as one step: a temporary file, flushed
    /// to the disk, renamed over the old one. A crash leaves the old manifest or the new, never half.</summary>
    public void Write(string folder)
    {
        var body = new StringBuilder();
        body.Append(FirstLine).Append('\n');
        body.Append(CultureInfo.InvariantCulture, $"store {StoreIdentity}\n");
        body.Append(CultureInfo.InvariantCulture, $"sequence {Sequence}\n");
        body.Append(CultureInfo.InvariantCulture, $"next {NextSegment}\n");
        foreach (var segment in Segments)
        {
            body.Append(CultureInfo.InvariantCulture, $"segment {segment.Name} {segment.Length}\n");
        }

        var text = body.ToString();
        text += string.Create(CultureInfo.InvariantCulture, $"checksum {Crc32.HashToUInt32(Encoding.UTF8.GetBytes(text)):x8}\n");
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Value(string line, string key) =>
        line.StartsWith(key + " ", StringComparison.Ordinal)
            ? line[(key.Length + 1)..]
            : throw new IndexCorruptException($"the index manifest lacks its {key} line");
}

/// <summary>One segment file of the manifest, with the length it must have.</summary>
internal sealed record ManifestSegment(string Name, long Length);
