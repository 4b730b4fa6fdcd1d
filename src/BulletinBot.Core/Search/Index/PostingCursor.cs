using BulletinBot.Core.Search.Codecs;

namespace BulletinBot.Core.Search.Index;

/// <summary>
/// Reads one term's postings a block at a time. Reusable: a query borrows cursors from a per-thread
/// pool, so searching allocates nothing for them.
/// </summary>
internal sealed class PostingCursor
{
    public const int NoMoreDocs = int.MaxValue;

    private readonly int[] docs = new int[TermPostings.BlockSize];
    private readonly int[] titleTf = new int[TermPostings.BlockSize];
    private readonly int[] bodyTf = new int[TermPostings.BlockSize];
    private readonly int[] positionStart = new int[TermPostings.BlockSize];
    private readonly byte[] frequencyBytes = new byte[TermPostings.BlockSize];
    private TermPostings postings = null!;
    private int block;
    private int blockCount;
    private int index;
    private int shallowBlock;
    private int frequencies;
    private Frequencies read;

    // How much of the current block's frequencies is at hand: a block whose frequencies took a byte each is
    // read from those bytes; decoding it whole is left to a phrase, which needs where positions begin.
    private enum Frequencies
    {
        None,
        OneByte,
        Decoded,
    }

    public int Doc { get; private set; }

    public TermPostings Postings => postings;

    public int TitleTf => ReadFrequencies() == Frequencies.OneByte ? frequencyBytes[index] & 3 : titleTf[index];

    public int BodyTf => ReadFrequencies() == Frequencies.OneByte ? frequencyBytes[index] >> 2 : bodyTf[index];

    public ReadOnlySpan<ushort> Positions
    {
        get
        {
            DecodeFrequencies();
            return postings.Positions.AsSpan(positionStart[index], titleTf[index] + bodyTf[index]);
        }
    }

    public int CurrentBlock => block;

    public int IndexInBlock => index;

    public int BlockLength => blockCount;

    public void Reset(TermPostings termPostings)
    {
        postings = termPostings;
        block = -1;
        blockCount = 0;
        read = Frequencies.None;
        index = 0;
        shallowBlock = 0;
        Doc = -1;
    }

    /// <summary>The block holding the first document at or after <paramref name="target"/>, without
    /// decoding it; <see cref="TermPostings.BlockCount"/> when there is none. Targets must not decrease
    /// between calls unless <see cref="Reset"/> intervenes.</summary>
    public int ShallowBlock(int target)
    {
        var last = postings.BlockLastDoc;
        var b = shallowBlock;
        if (b < last.Length && last[b] >= target)
        {
            return b;
        }

        b = postings.FirstBlockAtOrAfter(target, b);
        shallowBlock = b;
        return b;
    }

    /// <summary>Moves to the first document at or after <paramref name="target"/>, which may lie behind the
    /// current one.</summary>
    public int Seek(int target)
    {
        var last = postings.BlockLastDoc;
        if (block >= 0 && target <= last[block] && target >= postings.BlockFirstDoc(block))
        {
            var from = Doc <= target && Doc >= 0 ? index : 0;
            return SeekInBlock(target, from);
        }

        var b = block >= 0 && target > last[block] ? postings.FirstBlockAtOrAfter(target, block + 1) : postings.FirstBlockAtOrAfter(target, 0);
        if (b >= last.Length)
        {
            Doc = NoMoreDocs;
            return NoMoreDocs;
        }

        LoadBlock(b);
        return SeekInBlock(target, 0);
    }

    public int NextDoc()
    {
        if (index + 1 < blockCount)
        {
            index++;
            return Doc = docs[index];
        }

        if (block + 1 >= postings.BlockCount)
        {
            Doc = NoMoreDocs;
            return NoMoreDocs;
        }

        LoadBlock(block + 1);
        index = 0;
        return Doc = docs[0];
    }

    /// <summary>Decodes a block's documents; afterwards <see cref="MoveToIndex"/> walks it. Its
    /// frequencies are decoded when a posting's are first asked for.</summary>
    public void LoadBlock(int b)
    {
        block = b;
        blockCount = PostingsDecoder.DecodeDocs(postings, b, docs, out frequencies);
        read = Frequencies.None;
        index = 0;
        Doc = docs[0];
    }

    private Frequencies ReadFrequencies()
    {
        if (read == Frequencies.None)
        {
            if (PostingsDecoder.TryCopyOneByteFrequencies(postings, block, blockCount, frequencies, frequencyBytes))
            {
                read = Frequencies.OneByte;
            }
            else
            {
                DecodeFrequencies();
            }
        }

        return read;
    }

    private void DecodeFrequencies()
    {
        if (read != Frequencies.Decoded)
        {
            PostingsDecoder.DecodeFrequencies(postings, block, blockCount, frequencies, titleTf, bodyTf, positionStart);
            read = Frequencies.Decoded;
        }
    }

    public int DocAt(int i) => docs[i];

    /// <summary>Whether the term occurs in <paramref name="doc"/>: a bit test where the term keeps a
    /// bitset, else a seek, which moves the cursor.</summary>
    public bool Contains(int doc) =>
        postings.DocBits is { } docBits ? (docBits[doc >> 6] & (1UL << doc)) != 0 : Seek(doc) == doc;

    public void MoveToIndex(int i)
    {
        index = i;
        Doc = docs[i];
    }

    private int SeekInBlock(int target, int from)
    {
        var i = from;
        while (i < blockCount && docs[i] < target)
        {
            i++;
        }

        // A block never ends before the target it was chosen for.
        index = i;
        return Doc = docs[i];
    }
}
