using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>Unsigned LEB128: seven bits a byte, low first, the high bit set on every byte but the last.
/// Also the format of a segment's forward index.</summary>
internal static class VarInt
{
    public static void Write(GrowableArray<byte> output, int value)
    {
        var v = (uint)value;
        while (v >= 0x80)
        {
            output.Add((byte)(v | 0x80));
            v >>= 7;
        }

        output.Add((byte)v);
    }

    public static int Read(ReadOnlySpan<byte> data, ref int offset)
    {
        int value = data[offset++];
        if (value < 0x80)
        {
            return value;
        }

        value &= 0x7F;
        var shift = 7;
        while (true)
        {
            int b = data[offset++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }
}
