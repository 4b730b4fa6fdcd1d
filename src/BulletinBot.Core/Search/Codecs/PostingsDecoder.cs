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
        var count = block == postings.BlockCount - 1 ? postings.DocFreq - (block * TermPostings.BlockSize) : TermPostings.BlockSize;
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
