using System.Runtime.InteropServices;
using System.Text;

namespace BulletinBot.Core.Search.Index;

/// <summary>A segment's terms: each term's ordinal (the index of its postings and document frequency),
/// and back.</summary>
internal interface ITermDictionary
{
    int Count { get; }

    /// <summary>The term's ordinal, or -1 when the segment does not hold it.</summary>
    int Ordinal(string term);

    /// <summary>The term of an ordinal; a merge asks for every one, a search for none.</summary>
    string TermAt(int ordinal);

    /// <summary>
    /// Adds to <paramref name="found"/> every term that starts with <paramref name="prefix"/> and is
    /// <paramref name="minLength"/> to <paramref name="maxLength"/> characters long (a file's dictionary
    /// may let a longer one through, counting bytes; the caller checks), with its ordinal. The terms are sorted, so
    /// this reads one range of them: search as you type, and the typo candidates of a word.
    /// </summary>
    void CollectPrefix(string prefix, int minLength, int maxLength, List<(int Ordinal, string Term)> found);
}

/// <summary>The terms of a segment built in memory: the builder's own hash map.</summary>
internal sealed class HashTermDictionary(Dictionary<string, int> ordinals, string[] terms) : ITermDictionary
{
    public int Count => terms.Length;

    public int Ordinal(string term) => ordinals.TryGetValue(term, out var ordinal) ? ordinal : -1;

    public string TermAt(int ordinal) => terms[ordinal];

    // Sorted once, on the first search as you type; a segment in memory never changes.
    private int[]? sorted;

    public void CollectPrefix(string prefix, int minLength, int maxLength, List<(int Ordinal, string Term)> found)
    {
        var order = Volatile.Read(ref sorted);
        if (order is null)
        {
            order = new int[terms.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => string.CompareOrdinal(terms[a], terms[b]));
            Volatile.Write(ref sorted, order);
        }

        int low = 0, high = order.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (string.CompareOrdinal(terms[order[mid]], prefix) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (var rank = low; rank < order.Length; rank++)
        {
            var term = terms[order[rank]];
            if (!term.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }

            if (term.Length >= minLength && term.Length <= maxLength)
            {
                found.Add((order[rank], term));
            }
        }
    }
}

/// <summary>
/// The terms of a segment file, as the file holds them: their UTF-8 bytes concatenated in byte order,
/// where each starts, and each one's ordinal. Opening copies three arrays and makes no string; a
/// lookup is a binary search over the bytes (about 17 comparisons at 70,000 terms).
/// <code>
/// int32 bytes length, the bytes; int32[count + 1] starts; int32[count] ordinal of each sorted term
/// </code>
/// </summary>
internal sealed class SortedTermDictionary : ITermDictionary
{
    // A query term is at most TextAnalyzer.MaxTermLength characters; UTF-8 takes up to 3 bytes each.
    private const int StackKeyBytes = 512;

    private readonly byte[] bytes;
    private readonly int[] starts;
    private readonly int[] ordinals;
    private int[]? ranks;

    private SortedTermDictionary(byte[] bytes, int[] starts, int[] ordinals)
    {
        this.bytes = bytes;
        this.starts = starts;
        this.ordinals = ordinals;
    }

    public int Count => ordinals.Length;

    /// <summary>Writes <paramref name="terms"/> (indexed by ordinal) sorted by their UTF-8 bytes.</summary>
    public static void Write(ITermDictionary terms, GrowableArray<byte> output)
    {
        var count = terms.Count;
        var encoded = new byte[count][];
        var order = new int[count];
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            encoded[ordinal] = Encoding.UTF8.GetBytes(terms.TermAt(ordinal));
            order[ordinal] = ordinal;
        }

        Array.Sort(order, (a, b) => encoded[a].AsSpan().SequenceCompareTo(encoded[b]));
        var total = 0;
        foreach (var term in encoded)
        {
            total += term.Length;
        }

        PutInt(output, total);
        foreach (var ordinal in order)
        {
            output.AddRange(encoded[ordinal]);
        }

        var start = 0;
        PutInt(output, start);
        foreach (var ordinal in order)
        {
            start += encoded[ordinal].Length;
            PutInt(output, start);
        }

        output.AddRange(MemoryMarshal.AsBytes(order.AsSpan()));
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <see cref="IndexCorruptException"/> when its
    /// structure does not hold (the bytes themselves are covered by the meta section's checksum).</summary>
    public static SortedTermDictionary Read(ReadOnlySpan<byte> data, ref int offset, int count, string where)
    {
        var length = MemoryMarshal.Read<int>(data[offset..]);
        offset += 4;
        var bytes = data.Slice(offset, length).ToArray();
        offset += length;
        var starts = FixedArray.Read<int>(data, ref offset, count + 1);
        var ordinals = FixedArray.Read<int>(data, ref offset, count);
        if (starts[0] != 0 || starts[count] != length)
        {
            throw new IndexCorruptException($"{where}: the term dictionary is malformed");
        }

        for (var i = 0; i < count; i++)
        {
            if (starts[i + 1] < starts[i] || (uint)ordinals[i] >= (uint)count)
            {
                throw new IndexCorruptException($"{where}: the term dictionary is malformed");
            }
        }

        return new SortedTermDictionary(bytes, starts, ordinals);
    }

    public int Ordinal(string term)
    {
        var max = Encoding.UTF8.GetMaxByteCount(term.Length);
        Span<byte> key = max <= StackKeyBytes ? stackalloc byte[StackKeyBytes] : new byte[max];
        var length = Encoding.UTF8.GetBytes(term, key);
        return Ordinal(key[..length]);
    }

    /// <summary>The ordinal of the term with these UTF-8 bytes, or -1.</summary>
    public int Ordinal(ReadOnlySpan<byte> key)
    {
        int low = 0, high = ordinals.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var comparison = TermBytes(mid).SequenceCompareTo(key);
            if (comparison == 0)
            {
                return ordinals[mid];
            }

            if (comparison < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }

    public string TermAt(int ordinal)
    {
        var known = Volatile.Read(ref ranks);
        if (known is null)
        {
            known = new int[ordinals.Length];
            for (var rank = 0; rank < ordinals.Length; rank++)
            {
                known[ordinals[rank]] = rank;
            }

            Volatile.Write(ref ranks, known);
        }

        return Encoding.UTF8.GetString(TermBytes(known[ordinal]));
    }

    public void CollectPrefix(string prefix, int minLength, int maxLength, List<(int Ordinal, string Term)> found)
    {
        var max = Encoding.UTF8.GetMaxByteCount(prefix.Length);
        Span<byte> buffer = max <= StackKeyBytes ? stackalloc byte[StackKeyBytes] : new byte[max];
        var key = buffer[..Encoding.UTF8.GetBytes(prefix, buffer)];
        int low = 0, high = ordinals.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (TermBytes(mid).SequenceCompareTo(key) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (var rank = low; rank < ordinals.Length; rank++)
        {
            var term = TermBytes(rank);
            if (!term.StartsWith(key))
            {
                break;
            }

            // Bytes are at least as many as characters: only a term with letters beyond ASCII can be
            // longer in bytes than allowed and still short enough in characters.
            if (term.Length >= minLength && (term.Length <= maxLength || (!Ascii.IsValid(term) && Encoding.UTF8.GetCharCount(term) <= maxLength)))
            {
                found.Add((ordinals[rank], Encoding.UTF8.GetString(term)));
            }
        }
    }

    private ReadOnlySpan<byte> TermBytes(int rank) => bytes.AsSpan(starts[rank], starts[rank + 1] - starts[rank]);

    private static void PutInt(GrowableArray<byte> output, int value) =>
        MemoryMarshal.Write(output.Append(4), in value);
}
