namespace BulletinBot.Core.Search.Codecs;

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
