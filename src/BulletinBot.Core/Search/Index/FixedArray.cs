using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BulletinBot.Core.Search.Index;

/// <summary>Arrays of fixed-size values as a segment file stores them: the values' bytes end to end, little-endian.</summary>
internal static class FixedArray
{
    /// <summary>Copies <paramref name="count"/> values out of <paramref name="data"/> at <paramref name="offset"/> and moves the offset past them.</summary>
    public static T[] Read<T>(ReadOnlySpan<byte> data, ref int offset, int count)
        where T : unmanaged
    {
        var bytes = count * Unsafe.SizeOf<T>();
        var values = MemoryMarshal.Cast<byte, T>(data.Slice(offset, bytes)).ToArray();
        offset += bytes;
        return values;
    }
}
