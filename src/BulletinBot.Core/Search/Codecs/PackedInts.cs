using System.Buffers.Binary;
using System.Numerics;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// A block's document deltas at one bit width (frame of reference): a byte giving the width, then
/// the values end to end, low bits first, in as many bytes as they need. Decoding takes shifts and
/// masks of 64-bit reads, with no branch per value, which a conjunction stepping through frequent
/// words' blocks spends most of its time on.
/// </summary>
internal static class PackedInts
{
    public const int MaxWidth = 32;

    /// <summary>Appends <paramref name="values"/> (each at least 0) at the smallest width that holds them all.</summary>
    public static void Write(GrowableArray<byte> output, ReadOnlySpan<int> values)
    {
        var all = 0;
        foreach (var value in values)
        {
            all |= value;
        }

        var width = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)all));
        output.Add((byte)width);
        ulong pending = 0;
        var pendingBits = 0;
        foreach (var value in values)
        {
            pending |= (ulong)(uint)value << pendingBits;
            pendingBits += width;
            while (pendingBits >= 8)
            {
                output.Add((byte)pending);
                pending >>= 8;
                pendingBits -= 8;
            }
        }

        if (pendingBits > 0)
        {
            output.Add((byte)pending);
        }
    }

    /// <summary>How many bytes <paramref name="count"/> values written by <see cref="Write"/> at
    /// <paramref name="offset"/> take, their width's byte included, without reading them.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> data, int offset, int count)
    {
        var width = data[offset];
        if (width is 0 or > MaxWidth)
        {
            throw new IndexCorruptException($"a packed block has width {width}");
        }

        return 1 + (((count * width) + 7) >> 3);
    }

    /// <summary>Reads <paramref name="target"/>.Length values written by <see cref="Write"/> at
    /// <paramref name="offset"/> and moves it past them; <see cref="IndexCorruptException"/> for a width
    /// out of range or bytes that end early.</summary>
    public static void Read(ReadOnlySpan<byte> data, ref int offset, Span<int> target)
    {
        var width = data[offset];
        if (width is 0 or > MaxWidth)
        {
            throw new IndexCorruptException($"a packed block has width {width}");
        }

        var bytes = ((target.Length * width) + 7) >> 3;
        var packed = data.Slice(offset + 1, bytes);
        offset += 1 + bytes;
        var mask = (1UL << width) - 1;

        // Whole 64-bit reads while eight bytes remain from the value's first byte; the last few values
        // are assembled a byte at a time.
        var fast = packed.Length < 8 ? 0 : Math.Min(target.Length, (((packed.Length - 8) << 3) / width) + 1);
        var bit = 0;
        var i = 0;
        for (; i < fast; i++, bit += width)
        {
            target[i] = (int)((BinaryPrimitives.ReadUInt64LittleEndian(packed[(bit >> 3)..]) >> (bit & 7)) & mask);
        }

        for (; i < target.Length; i++, bit += width)
        {
            ulong word = 0;
            var first = bit >> 3;
            for (var b = 0; b < 8 && first + b < packed.Length; b++)
            {
                word |= (ulong)packed[first + b] << (8 * b);
            }

            target[i] = (int)((word >> (bit & 7)) & mask);
        }
    }
}
