using System.IO.Hashing;
using System.Numerics;
using System.Text;
using BulletinBot.Core.Search.Codecs;

namespace BulletinBot.Core.Search.Index;

/// <summary>
/// The bulletin ids of a segment's documents, as UTF-8 bytes end to end. A segment read from a file
/// keeps them as the file holds them: no string per document, no map from id to document at open.
/// An id becomes a string only when it is asked for (a hit shown, a merge), and the table that finds a
/// document by id is built the first time an id is looked up (a change to apply, stored fields to read).
/// Ids are compared by their bytes; for the ASCII ids <see cref="Bulletins.BulletinId"/> makes that is
/// the same order as <see cref="string.CompareOrdinal(string, string)"/>.
/// </summary>
internal sealed class IdColumn
{
    private readonly byte[] bytes;
    private readonly int[] starts;
    private int[]? table;

    private IdColumn(byte[] bytes, int[] starts)
    {
        this.bytes = bytes;
        this.starts = starts;
    }

    public int Count => starts.Length - 1;

    /// <summary>Whether an id was ever looked up here (which builds the lookup table); for tests.</summary>
    internal bool HasTable => Volatile.Read(ref table) is not null;

    public string this[int doc] => Encoding.UTF8.GetString(Bytes(doc));

    public ReadOnlySpan<byte> Bytes(int doc) => bytes.AsSpan(starts[doc], starts[doc + 1] - starts[doc]);

    public static IdColumn Of(IReadOnlyList<string> ids)
    {
        var starts = new int[ids.Count + 1];
        var length = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            starts[i] = length;
            length += Encoding.UTF8.GetByteCount(ids[i]);
        }

        starts[ids.Count] = length;
        var bytes = new byte[length];
        for (var i = 0; i < ids.Count; i++)
        {
            Encoding.UTF8.GetBytes(ids[i], bytes.AsSpan(starts[i]));
        }

        return new IdColumn(bytes, starts);
    }

    /// <summary>Reads <paramref name="count"/> ids written by <see cref="WriteTo"/> (each a varint length, then its bytes).</summary>
    public static IdColumn Read(ReadOnlySpan<byte> data, ref int offset, int count, string where)
    {
        var starts = new int[count + 1];
        var begin = offset;
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var size = VarInt.Read(data, ref offset);
            if (size < 0 || offset + size > data.Length)
            {
                throw new IndexCorruptException($"{where}: an id runs past its record");
            }

            starts[i] = length;
            length += size;
            offset += size;
        }

        starts[count] = length;
        var bytes = new byte[length];
        for (int i = 0, at = begin; i < count; i++)
        {
            var size = VarInt.Read(data, ref at);
            data.Slice(at, size).CopyTo(bytes.AsSpan(starts[i]));
            at += size;
        }

        return new IdColumn(bytes, starts);
    }

    public void WriteTo(GrowableArray<byte> output)
    {
        for (var doc = 0; doc < Count; doc++)
        {
            var id = Bytes(doc);
            VarInt.Write(output, id.Length);
            output.AddRange(id);
        }
    }

    public static int Compare(IdColumn a, int docA, IdColumn b, int docB) => a.Bytes(docA).SequenceCompareTo(b.Bytes(docB));

    /// <summary>The document whose id is <paramref name="key"/> (UTF-8) that <paramref name="live"/> has not deleted, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key, SegmentState? live = null)
    {
        var slots = Table();
        var mask = slots.Length - 1;
        for (var slot = Slot(key, mask); slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var doc = slots[slot] - 1;
            if (Bytes(doc).SequenceEqual(key) && live?.IsDeleted(doc) != true)
            {
                return doc;
            }
        }

        return -1;
    }

    // Open addressing with linear probing, at most half full; a slot holds a document number plus one.
    // Built once, on first use, and never changed after: threads that race to build it build the same.
    private int[] Table()
    {
        if (Volatile.Read(ref table) is { } built)
        {
            return built;
        }

        var slots = new int[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)Count * 2))];
        var mask = slots.Length - 1;
        for (var doc = 0; doc < Count; doc++)
        {
            var slot = Slot(Bytes(doc), mask);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = doc + 1;
        }

        Volatile.Write(ref table, slots);
        return slots;
    }

    private static int Slot(ReadOnlySpan<byte> id, int mask) => (int)XxHash3.HashToUInt64(id) & mask;
}
