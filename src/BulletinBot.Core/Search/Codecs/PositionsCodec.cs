using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// Positions as a segment file keeps them: each as the zigzag varint of its difference from the one
/// before (within a posting they ascend, so most take one byte; a new posting may step back). In
/// memory they stay plain ushorts, decoded once when a term's postings are read.
/// </summary>
internal static class PositionsCodec
{
    public static void Encode(ReadOnlySpan<ushort> positions, GrowableArray<byte> output)
    {
        var previous = 0;
        foreach (int position in positions)
        {
            var delta = position - previous;
            VarInt.Write(output, (delta << 1) ^ (delta >> 31));
            previous = position;
        }
    }

    /// <summary>Decodes <paramref name="count"/> positions; <see cref="IndexCorruptException"/> when the
    /// bytes do not hold exactly that many, each within 0 to 65,535.</summary>
    public static ushort[] Decode(ReadOnlySpan<byte> data, int count, string where)
    {
        var positions = new ushort[count];
        var offset = 0;
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            if (offset >= data.Length)
            {
                throw new IndexCorruptException($"{where}: positions end early");
            }

            var zigzag = (uint)VarInt.Read(data, ref offset);
            var position = previous + ((int)(zigzag >> 1) ^ -(int)(zigzag & 1));
            if ((uint)position > ushort.MaxValue)
            {
                throw new IndexCorruptException($"{where}: a position is out of range");
            }

            positions[i] = (ushort)position;
            previous = position;
        }

        if (offset != data.Length)
        {
            throw new IndexCorruptException($"{where}: positions run past their count");
        }

        return positions;
    }
}
