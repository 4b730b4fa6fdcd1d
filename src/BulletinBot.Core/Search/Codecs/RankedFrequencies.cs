using System.Diagnostics;
using System.Numerics;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// Reads a term's frequencies in documents it is known to hold, for a term that keeps a bitset, without
/// decoding its blocks' documents: a document's place in its block is the number of the term's bits from
/// the block's first document up to it (its rank), and a block whose frequencies took a byte each is read
/// at that place directly (<see cref="PostingsDecoder.TryCopyOneByteFrequencies"/>). Other blocks are
/// decoded through the term's cursor, which that moves. Documents may be asked for in any order; in
/// increasing order, each bitset word is counted once per block.
/// </summary>
internal sealed class RankedFrequencies
{
    private readonly byte[] oneByte = new byte[TermPostings.BlockSize];
    private PostingCursor cursor = null!;
    private TermPostings postings = null!;
    private ulong[] bits = null!;
    private int block;
    private int blockFirstDoc;
    private int blockLastDoc;
    private bool blockIsOneByte;

    // The bits of the current block in words before rankWord: its documents before that word.
    private int rankWord;
    private int rankBefore;

    /// <summary>Reads <paramref name="termCursor"/>'s term, which must keep a bitset.</summary>
    public void Reset(PostingCursor termCursor)
    {
        cursor = termCursor;
        postings = termCursor.Postings;
        bits = postings.DocBits ?? throw new InvalidOperationException("A term without a bitset cannot be read by rank.");
        block = -1;
        blockFirstDoc = 0;
        blockLastDoc = -1;
    }

    /// <summary>The term's title and body frequency in <paramref name="doc"/>, which the term holds.</summary>
    public (int Title, int Body) At(int doc)
    {
        var word = doc >> 6;
        if (doc > blockLastDoc || doc < blockFirstDoc)
        {
            Enter(BlockOf(doc));
        }
        else if (word < rankWord)
        {
            CountFromBlockStart();
        }

        while (rankWord < word)
        {
            rankBefore += BitOperations.PopCount(bits[rankWord++]);
        }

        var index = rankBefore + BitOperations.PopCount(bits[word] & ((1UL << doc) - 1));
        if (blockIsOneByte)
        {
            var packed = oneByte[index];
            return (packed & 3, packed >> 2);
        }

        if (cursor.CurrentBlock != block)
        {
            cursor.LoadBlock(block);
        }

        cursor.MoveToIndex(index);
        Debug.Assert(cursor.Doc == doc, $"rank {index} of block {block} is document {cursor.Doc}, not {doc}");
        return (cursor.TitleTf, cursor.BodyTf);
    }

    private int BlockOf(int doc)
    {
        var b = postings.FirstBlockAtOrAfter(doc, doc > blockLastDoc ? block + 1 : 0);
        return b < postings.BlockCount ? b : throw new InvalidOperationException($"Document {doc} lies past the term's last block.");
    }

    private void Enter(int b)
    {
        block = b;
        blockFirstDoc = postings.BlockFirstDoc(b);
        blockLastDoc = postings.BlockLastDoc[b];
        CountFromBlockStart();
        var count = PostingsDecoder.BlockLength(postings, b);
        blockIsOneByte = PostingsDecoder.TryCopyOneByteFrequencies(postings, b, count, PostingsDecoder.FrequenciesOffset(postings, b, count), oneByte);
    }

    private void CountFromBlockStart()
    {
        rankWord = blockFirstDoc >> 6;
        rankBefore = -BitOperations.PopCount(bits[rankWord] & ((1UL << blockFirstDoc) - 1));
    }
}
