namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// Reads back what <see cref="PostingsEncoder"/> wrote, one block at a time: a block's documents
/// first, and its frequencies (with where each posting's positions begin) only when asked for, since
/// most documents a conjunction steps onto are passed over without being scored.
/// </summary>
internal static class PostingsDecoder
{
    /// <summary>Decodes the whole of block <paramref name="block"/> into the arrays, each at least
    /// <see cref="TermPostings.BlockSize"/> long, and returns how many postings it holds.
    /// <paramref name="positionStart"/> receives where each posting's positions begin in
    /// <see cref="TermPostings.Positions"/>.</summary>
    public static int DecodeBlock(TermPostings postings, int block, int[] docs, int[] titleTf, int[] bodyTf, int[] positionStart)
    {
        var count = DecodeDocs(postings, block, docs, out var frequencies);
        DecodeFrequencies(postings, block, count, frequencies, titleTf, bodyTf, positionStart);
        return count;
    }

    /// <summary>Decodes block <paramref name="block"/>'s documents and returns how many it holds;
    /// <paramref name="frequencies"/> is where its frequencies start, for <see cref="DecodeFrequencies"/>.</summary>
    public static int DecodeDocs(TermPostings postings, int block, int[] docs, out int frequencies)
    {
        var data = postings.Data.Span;
        var offset = postings.BlockDataOffset[block];
        var previous = block == 0 ? -1 : postings.BlockLastDoc[block - 1];
        var count = BlockLength(postings, block);
        var target = docs.AsSpan(0, count);
        PackedInts.Read(data, ref offset, target);
        for (var i = 0; i < target.Length; i++)
        {
            previous += target[i];
            target[i] = previous;
        }

        frequencies = offset;
        return count;
    }

    /// <summary>How many postings block <paramref name="block"/> holds.</summary>
    public static int BlockLength(TermPostings postings, int block) =>
        block == postings.BlockCount - 1 ? postings.DocFreq - (block * TermPostings.BlockSize) : TermPostings.BlockSize;

    /// <summary>Where block <paramref name="block"/>'s frequencies start, without decoding its documents.</summary>
    public static int FrequenciesOffset(TermPostings postings, int block, int count)
    {
        var offset = postings.BlockDataOffset[block];
        return offset + PackedInts.EncodedLength(postings.Data.Span, offset, count);
    }

    /// <summary>
    /// Where every posting of the block took a single frequency byte (a body frequency under 32 and a title
    /// frequency under 3, as <see cref="PostingsEncoder"/> writes them), copies those bytes into
    /// <paramref name="target"/> and returns true: posting i's title frequency is then byte i &amp; 3 and its body
    /// frequency byte i &gt;&gt; 2, read in place of decoding the block. Each posting takes at least one byte, so
    /// the block is of that kind exactly when its frequencies take as many bytes as it has postings.
    /// </summary>
    public static bool TryCopyOneByteFrequencies(TermPostings postings, int block, int count, int frequencies, byte[] target)
    {
        var data = postings.Data.Span;
        var end = block + 1 < postings.BlockCount ? postings.BlockDataOffset[block + 1] : data.Length;
        if (end - frequencies != count)
        {
            return false;
        }

        data.Slice(frequencies, count).CopyTo(target);
        return true;
    }

    /// <summary>Decodes the frequencies of a block whose documents <see cref="DecodeDocs"/> read.</summary>
    public static void DecodeFrequencies(TermPostings postings, int block, int count, int frequencies, int[] titleTf, int[] bodyTf, int[] positionStart)
    {
        var data = postings.Data.Span;
        var offset = frequencies;
        var position = postings.BlockPositionOffset[block];
        var titles = titleTf.AsSpan(0, count);
        var bodies = bodyTf.AsSpan(0, count);
        var starts = positionStart.AsSpan(0, count);
        for (var i = 0; i < titles.Length; i++)
        {
            var packed = VarInt.Read(data, ref offset);
            var title = packed & 3;
            if (title == 3)
            {
                title += VarInt.Read(data, ref offset);
            }

            var body = packed >> 2;
            titles[i] = title;
            bodies[i] = body;
            starts[i] = position;
            position += title + body;
        }
    }
}
