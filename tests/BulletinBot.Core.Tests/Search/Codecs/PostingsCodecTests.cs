using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Core.Tests.Search.Codecs;

/// <summary>The postings encoder and decoder against each other: what goes in comes back out, block by
/// block, and every stored block maximum bounds the weights of its block.</summary>
public sealed class PostingsCodecTests
{
    private const int DocumentCount = 40_000;

    [Fact]
    public void Postings_round_trip_across_blocks()
    {
        var random = new Random(11);

        // Gaps past 127 and body frequencies past 31 need multi-byte varints; title frequencies of 3
        // and more need the extra one.
        var expected = new List<(int Doc, int TitleTf, int BodyTf)>();
        var doc = -1;
        while (expected.Count < 300)
        {
            doc += 1 + random.Next(200);
            expected.Add((doc, random.Next(6), 1 + random.Next(200)));
        }

        var (postings, positions) = Encode(expected, newOf: null);

        Assert.Equal(300, postings.DocFreq);
        Assert.Equal(3, postings.BlockCount);
        Assert.Null(postings.DocBits);
        AssertDecodesTo(postings, expected, positions);
    }

    [Fact]
    public void Renumbered_documents_come_out_in_their_new_order_with_their_positions()
    {
        // Added in one order, numbered in the reverse one, as when the newest comes last.
        var added = Enumerable.Range(0, 200).Select(i => (Doc: i, TitleTf: i % 5, BodyTf: 1 + (i % 7))).ToList();
        var newOf = Enumerable.Range(0, DocumentCount).Select(i => DocumentCount - 1 - i).ToArray();
        var (postings, positions) = Encode(added, newOf);

        var renumbered = added.Select(p => (Doc: newOf[p.Doc], p.TitleTf, p.BodyTf)).OrderBy(p => p.Doc).ToList();
        var renumberedPositions = renumbered.Select(p => positions[DocumentCount - 1 - p.Doc]).ToList();
        AssertDecodesTo(postings, renumbered, renumberedPositions);
    }

    [Fact]
    public void A_term_in_many_documents_keeps_a_bitset_of_them()
    {
        var expected = Enumerable.Range(0, DocumentCount / 10).Select(i => (Doc: i * 10, TitleTf: 0, BodyTf: 1)).ToList();
        var (postings, _) = Encode(expected, newOf: null);

        Assert.NotNull(postings.DocBits);
        for (var doc = 0; doc < DocumentCount; doc++)
        {
            Assert.Equal(doc % 10 == 0, (postings.DocBits![doc >> 6] & (1UL << doc)) != 0);
        }
    }

    private static (TermPostings Postings, List<ushort[]> Positions) Encode(List<(int Doc, int TitleTf, int BodyTf)> postings, int[]? newOf)
    {
        var raw = new RawPostings();
        var positions = new List<ushort[]>();
        foreach (var (doc, titleTf, bodyTf) in postings)
        {
            raw.Docs.Add(doc);
            raw.TitleTf.Add((ushort)titleTf);
            raw.BodyTf.Add((ushort)bodyTf);
            var own = Enumerable.Range(0, titleTf + bodyTf).Select(i => (ushort)((doc % 13) + (i * 3))).ToArray();
            raw.Positions.AddRange(own);
            positions.Add(own);
        }

        var titleLengths = Enumerable.Range(0, DocumentCount).Select(i => (ushort)(5 + (i % 9))).ToArray();
        var bodyLengths = Enumerable.Range(0, DocumentCount).Select(i => (ushort)(300 + (i % 400))).ToArray();
        var encoder = new PostingsEncoder(titleLengths, bodyLengths, 1 / 9.0, 1 / 500.0, DocumentCount);
        var encoded = encoder.Encode(raw, newOf);

        foreach (var block in Enumerable.Range(0, encoded.BlockCount))
        {
            var first = block * TermPostings.BlockSize;
            var weights = postings
                .Select(p => (Doc: newOf is null ? p.Doc : newOf[p.Doc], p.TitleTf, p.BodyTf))
                .OrderBy(p => p.Doc)
                .Skip(first)
                .Take(TermPostings.BlockSize)
                .Select(p => Bm25.Weight(p.TitleTf, p.BodyTf, titleLengths[p.Doc], bodyLengths[p.Doc], 1 / 9.0, 1 / 500.0));
            Assert.True(encoded.BlockMaxWeight[block] >= weights.Max());
        }

        return (encoded, positions);
    }

    private static void AssertDecodesTo(TermPostings postings, List<(int Doc, int TitleTf, int BodyTf)> expected, List<ushort[]> positions)
    {
        var docs = new int[TermPostings.BlockSize];
        var titleTf = new int[TermPostings.BlockSize];
        var bodyTf = new int[TermPostings.BlockSize];
        var positionStart = new int[TermPostings.BlockSize];
        var k = 0;
        for (var block = 0; block < postings.BlockCount; block++)
        {
            var count = PostingsDecoder.DecodeBlock(postings, block, docs, titleTf, bodyTf, positionStart);
            Assert.Equal(Math.Min(TermPostings.BlockSize, expected.Count - k), count);
            Assert.Equal(postings.BlockLastDoc[block], docs[count - 1]);
            for (var i = 0; i < count; i++, k++)
            {
                Assert.Equal(expected[k], (docs[i], titleTf[i], bodyTf[i]));
                Assert.Equal(positions[k], postings.Positions.AsSpan(positionStart[i], titleTf[i] + bodyTf[i]).ToArray());
            }
        }

        Assert.Equal(expected.Count, k);
    }
}
