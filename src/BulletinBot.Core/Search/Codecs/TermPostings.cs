using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// One term's postings in one segment, in blocks of <see cref="BlockSize"/> documents, as
/// <see cref="SegmentFormat"/> describes them. In memory, positions are plain ushorts.
/// </summary>
internal sealed class TermPostings
{
    public const int BlockSize = 128;

    public required int DocFreq { get; init; }

    public required int[] BlockLastDoc { get; init; }

    public required int[] BlockDataOffset { get; init; }

    public required int[] BlockPositionOffset { get; init; }

    /// <summary>Per block, the highest BM25F pseudo-frequency of the term, rounded up, computed with the
    /// segment's own average field lengths.</summary>
    public required float[] BlockMaxWeight { get; init; }

    private ushort[]? positions;

    /// <summary>The encoded documents and frequencies: an array for postings built in memory, a region of the
    /// memory-mapped segment file for postings read from one (<see cref="Mapped"/>).</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>True when <see cref="Data"/> and <see cref="EncodedPositions"/> lie in a mapped segment
    /// file: the page cache holds them, not the heap, so they do not count towards <see cref="SizeInBytes"/>.</summary>
    public bool Mapped { get; init; }

    /// <summary>
    /// Every position of the term, document after document. Postings read from a file keep them encoded
    /// (<see cref="EncodedPositions"/>) and decode them the first time a phrase asks: a query of words
    /// alone never needs them, and for a frequent term they are most of the work of reading its postings.
    /// </summary>
    public ushort[] Positions
    {
        get => Volatile.Read(ref positions) ?? Decode();
        init => positions = value;
    }

    /// <summary>The positions as the file holds them, with their count and where they come from, until decoded.</summary>
    public (ReadOnlyMemory<byte> Bytes, int Count, string Where)? EncodedPositions { get; init; }

    /// <summary>Whether the positions are held decoded; for tests.</summary>
    internal bool PositionsDecoded => Volatile.Read(ref positions) is not null;

    /// <summary>How many bytes these postings hold in memory now (positions decoded later for a phrase add
    /// twice their count; the cache that counts this admits postings as they are read, before any phrase).</summary>
    public long SizeInBytes =>
        64 + (16L * BlockCount) + (8L * (DocBits?.Length ?? 0)) + (2L * (Volatile.Read(ref positions)?.Length ?? 0))
        + (Mapped ? 0 : Data.Length + (EncodedPositions is { } encoded ? encoded.Bytes.Length : 0));

    /// <summary>The documents holding the term as a bitset, kept only for terms in many documents.</summary>
    public ulong[]? DocBits { get; init; }

    public int BlockCount => BlockLastDoc.Length;

    public int BlockFirstDoc(int block) => block == 0 ? 0 : BlockLastDoc[block - 1] + 1;

    /// <summary>The first block from <paramref name="from"/> on whose last document is at or after
    /// <paramref name="target"/>; <see cref="BlockCount"/> when there is none.</summary>
    public int FirstBlockAtOrAfter(int target, int from)
    {
        var last = BlockLastDoc;
        int low = from, high = last.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (last[mid] < target)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    // Threads that race here decode the same positions; one array is kept.
    private ushort[] Decode()
    {
        var (bytes, count, where) = EncodedPositions ?? throw new InvalidOperationException("postings without positions");
        ushort[] decoded;
        try
        {
            decoded = PositionsCodec.Decode(bytes.Span, count, where);
        }
        catch (IndexOutOfRangeException exception)
        {
            throw new IndexCorruptException($"{where}: positions are malformed", exception);
        }
        return Interlocked.CompareExchange(ref positions, decoded, null) ?? decoded;
    }
}
