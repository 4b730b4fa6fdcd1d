using System.Buffers.Binary;

namespace BulletinBot.Core.Storage;

/// <summary>The shape of BSON bytes, told without decoding them (for searching a damaged page).</summary>
internal static class BsonShape
{
    /// <summary>
    /// Whether <paramref name="bytes"/> walk as one BSON document, element by element, to its closing zero: cheap
    /// enough to try at every offset of a page, so the decoder (which throws on what it cannot read) sees only candidates.
    /// </summary>
    public static bool IsDocument(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 5 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != bytes.Length || bytes[^1] != 0)
        {
            return false;
        }

        var at = 4;
        while (at < bytes.Length - 1)
        {
            var type = bytes[at++];
            var name = bytes[at..].IndexOf((byte)0);
            if (name < 0)
            {
                return false;
            }

            at += name + 1;
            var size = ValueSize(type, bytes[at..]);
            if (size < 0 || at + size > bytes.Length - 1)
            {
                return false;
            }

            at += size;
        }

        return at == bytes.Length - 1;
    }

    private static int ValueSize(byte type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case 0x01 or 0x09 or 0x11 or 0x12:
                return 8;
            case 0x07:
                return 12;
            case 0x08:
                return 1;
            case 0x0A or 0x7F or 0xFF:
                return 0;
            case 0x10:
                return 4;
            case 0x13:
                return 16;
        }

        if (value.Length < 4)
        {
            return -1;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(value);
        return type switch
        {
            0x02 when length >= 1 && length <= value.Length - 4 && value[4 + length - 1] == 0 => 4 + length,
            0x03 or 0x04 when length >= 5 && length <= value.Length => length,
            0x05 when length >= 0 && length <= value.Length - 5 => 5 + length,
            _ => -1,
        };
    }
}
