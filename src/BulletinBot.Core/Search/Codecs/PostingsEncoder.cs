namespace BulletinBot.Core.Search;

// The postings format, written by PostingsEncoder and read by PostingsDecoder, side by side so that
// a change to one is a change to the other.

/// <summary>
/// One term's postings in one segment, in blocks of <see cref="BlockSize"/> documents. Per posting,
/// <see cref="Data"/> holds varint(doc delta) then varint(bodyTf × 4 + min(titleTf, 3)) and, when
/// titleTf ≥ 3, varint(titleTf − 3). Positions are plain ushorts, in posting order, title first.
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

    public required byte[] Data { get; init; }

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
    public (byte[] Bytes, int Count, string Where)? EncodedPositions { get; init; }

    /// <summary>Whether the positions are held decoded; for tests.</summary>
    internal bool PositionsDecoded => Volatile.Read(ref positions) is not null;

    /// <summary>How many bytes these postings hold in memory now (positions decoded later for a phrase add
    /// twice their count; the cache that counts this admits postings as they are read, before any phrase).</summary>
    public long SizeInBytes =>
        64 + Data.Length + (16L * BlockCount) + (8L * (DocBits?.Length ?? 0))
        + (EncodedPositions is { } encoded ? encoded.Bytes.Length : 0) + (2L * (Volatile.Read(ref positions)?.Length ?? 0));

    /// <summary>The documents holding the term as a bitset, kept only for terms in many documents.</summary>
    public ulong[]? DocBits { get; init; }

    public int BlockCount => BlockLastDoc.Length;

    public int BlockFirstDoc(int block) => block == 0 ? 0 : BlockLastDoc[block - 1] + 1;

    // Threads that race here decode the same positions; one array is kept.
    private ushort[] Decode()
    {
        var (bytes, count, where) = EncodedPositions ?? throw new InvalidOperationException("postings without positions");
        ushort[] decoded;
        try
        {
            decoded = PositionsCodec.Decode(bytes, count, where);
        }
        catch (IndexOutOfRangeException exception)
        {
            throw new IndexCorruptException($"{where}: positions are malformed", exception);
        }
        return Interlocked.CompareExchange(ref positions, decoded, null) ?? decoded;
    }
}

/// <summary>One term's postings as a builder collects them, numbered in the order documents were
/// added; the encoder renumbers and compresses them.</summary>
internal sealed class RawPostings
{
    public GrowableArray<int> Docs { get; } = new(2);

    public GrowableArray<ushort> TitleTf { get; } = new(2);

    public GrowableArray<ushort> BodyTf { get; } = new(2);

    public GrowableArray<ushort> Positions { get; } = new(2);
}

/// <summary>Writes <see cref="TermPostings"/> for one segment, term after term, reusing its buffers.</summary>
internal sealed class PostingsEncoder(ushort[] titleLengths, ushort[] bodyLengths, double inverseTitle, double inverseBody, int documentCount)
{
    // A bitset costs documentCount / 8 bytes; it pays for itself only in large segments and for terms
    // in at least one document of 32, where it also makes counting an AND of words.
    private const int MinDocsForBitsets = 2048;

    private readonly GrowableArray<byte> data = new(1024);
    private int[] keys = new int[64];
    private int[] order = new int[64];
    private int[] positionStart = new int[64];

    /// <summary>Encodes <paramref name="raw"/>; <paramref name="newOf"/> maps the order documents were
    /// added in to their final numbers, or is null when they are the same.</summary>
    public TermPostings Encode(RawPostings raw, int[]? newOf)
    {
        var count = raw.Docs.Count;
        if (keys.Length < count)
        {
            var size = Math.Max(count, keys.Length * 2);
            keys = new int[size];
            order = new int[size];
            positionStart = new int[size];
        }

        var start = 0;
        for (var i = 0; i < count; i++)
        {
            positionStart[i] = start;
            start += raw.TitleTf[i] + raw.BodyTf[i];
            order[i] = i;
            keys[i] = newOf is null ? raw.Docs[i] : newOf[raw.Docs[i]];
        }

        var sorted = true;
        for (var i = 1; i < count && sorted; i++)
        {
            sorted = keys[i - 1] < keys[i];
        }

        if (!sorted)
        {
            Array.Sort(keys, order, 0, count);
        }

        var blockCount = (count + TermPostings.BlockSize - 1) / TermPostings.BlockSize;
        var blockLastDoc = new int[blockCount];
        var blockDataOffset = new int[blockCount];
        var blockPositionOffset = new int[blockCount];
        var blockMaxWeight = new float[blockCount];
        var positions = new ushort[raw.Positions.Count];
        var sourcePositions = raw.Positions.AsSpan();
        ulong[]? bits = documentCount >= MinDocsForBitsets && count >= documentCount / 32
            ? new ulong[(documentCount + 63) >> 6]
            : null;
        data.Clear();
        var positionCount = 0;
        var previous = -1;
        var blockMax = 0.0;
        for (var k = 0; k < count; k++)
        {
            var block = k / TermPostings.BlockSize;
            if (k % TermPostings.BlockSize == 0)
            {
                blockDataOffset[block] = data.Count;
                blockPositionOffset[block] = positionCount;
                blockMax = 0;
            }

            var i = order[k];
            var doc = keys[k];
            int titleTf = raw.TitleTf[i], bodyTf = raw.BodyTf[i];
            VarInt.Write(data, doc - previous);
            VarInt.Write(data, (bodyTf << 2) | Math.Min(titleTf, 3));
            if (titleTf >= 3)
            {
                VarInt.Write(data, titleTf - 3);
            }

            var tf = titleTf + bodyTf;
            sourcePositions.Slice(positionStart[i], tf).CopyTo(positions.AsSpan(positionCount));
            positionCount += tf;
            previous = doc;
            if (bits is not null)
            {
                bits[doc >> 6] |= 1UL << doc;
            }

            var weight = Bm25.Weight(titleTf, bodyTf, titleLengths[doc], bodyLengths[doc], inverseTitle, inverseBody);
            blockMax = Math.Max(blockMax, weight);
            if (k % TermPostings.BlockSize == TermPostings.BlockSize - 1 || k == count - 1)
            {
                blockLastDoc[block] = doc;

                // Rounded up, so that a bound read back as a float is never below a real weight.
                var rounded = (float)blockMax;
                blockMaxWeight[block] = rounded < blockMax ? MathF.BitIncrement(rounded) : rounded;
            }
        }

        return new TermPostings
        {
            DocFreq = count,
            BlockLastDoc = blockLastDoc,
            BlockDataOffset = blockDataOffset,
            BlockPositionOffset = blockPositionOffset,
            BlockMaxWeight = blockMaxWeight,
            Data = data.ToArray(),
            Positions = positions,
            DocBits = bits,
        };
    }
}

/// <summary>Reads back what <see cref="PostingsEncoder"/> wrote, one block at a time.</summary>
internal static class PostingsDecoder
{
    /// <summary>Decodes block <paramref name="block"/> into the arrays, each at least
    /// <see cref="TermPostings.BlockSize"/> long, and returns how many postings it holds.
    /// <paramref name="positionStart"/> receives where each posting's positions begin in
    /// <see cref="TermPostings.Positions"/>.</summary>
    public static int DecodeBlock(TermPostings postings, int block, int[] docs, int[] titleTf, int[] bodyTf, int[] positionStart)
    {
        var data = postings.Data.AsSpan();
        var offset = postings.BlockDataOffset[block];
        var previous = block == 0 ? -1 : postings.BlockLastDoc[block - 1];
        var count = block == postings.BlockCount - 1 ? postings.DocFreq - (block * TermPostings.BlockSize) : TermPostings.BlockSize;
        var position = postings.BlockPositionOffset[block];
        for (var i = 0; i < count; i++)
        {
            previous += VarInt.Read(data, ref offset);
            docs[i] = previous;
            var packed = VarInt.Read(data, ref offset);
            var title = packed & 3;
            if (title == 3)
            {
                title += VarInt.Read(data, ref offset);
            }

            var body = packed >> 2;
            titleTf[i] = title;
            bodyTf[i] = body;
            positionStart[i] = position;
            position += title + body;
        }

        return count;
    }
}

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
