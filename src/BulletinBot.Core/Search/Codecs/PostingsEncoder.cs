using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>Writes <see cref="TermPostings"/> for one segment, term after term, reusing its buffers.</summary>
internal sealed class PostingsEncoder(ushort[] titleLengths, ushort[] bodyLengths, double inverseTitle, double inverseBody, int documentCount)
{
    // A bitset costs documentCount / 8 bytes; it pays for itself only in large segments and for terms
    // in at least one document of 32, where it also makes counting an AND of words.
    private const int MinDocsForBitsets = 2048;

    private readonly GrowableArray<byte> data = new(1024);
    private readonly GrowableArray<byte> frequencies = new(256);
    private readonly int[] deltas = new int[TermPostings.BlockSize];
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
        frequencies.Clear();
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
            deltas[k % TermPostings.BlockSize] = doc - previous;
            VarInt.Write(frequencies, (bodyTf << 2) | Math.Min(titleTf, 3));
            if (titleTf >= 3)
            {
                VarInt.Write(frequencies, titleTf - 3);
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
                // The block's documents as deltas at one width, then their frequencies.
                PackedInts.Write(data, deltas.AsSpan(0, (k % TermPostings.BlockSize) + 1));
                data.AddRange(frequencies.AsSpan());
                frequencies.Clear();
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
