using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
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

    [Fact]
    public void Frequencies_read_by_rank_are_the_decoded_ones_in_blocks_of_one_byte_and_longer()
    {
        var random = new Random(29);

        // Most blocks hold only frequencies that fit one byte; every fifth has one posting that needs more:
        // a title frequency of 3 or more, or a body frequency of 32 or more.
        var expected = new List<(int Doc, int TitleTf, int BodyTf)>();
        var doc = -1;
        while (expected.Count < 2000)
        {
            doc += 1 + random.Next(19);
            var longer = expected.Count % (5 * TermPostings.BlockSize) == 77;
            var titleTf = longer && random.Next(2) == 0 ? 3 + random.Next(3) : random.Next(3);
            var bodyTf = longer && titleTf < 3 ? 32 + random.Next(40) : 1 + random.Next(31);
            expected.Add((doc, titleTf, bodyTf));
        }

        var (postings, positions) = Encode(expected, newOf: null);
        Assert.NotNull(postings.DocBits);
        var longerBlocks = expected.Select((p, k) => (p, k)).Where(x => x.p.TitleTf >= 3 || x.p.BodyTf >= 32).Select(x => x.k / TermPostings.BlockSize).Distinct().Count();
        Assert.InRange(longerBlocks, 2, postings.BlockCount - 2);

        // A cursor reads the same, and a phrase's positions after a block's frequencies were read from their bytes.
        var walk = new PostingCursor();
        walk.Reset(postings);
        for (var k = 0; k < expected.Count; k++)
        {
            walk.NextDoc();
            Assert.Equal(expected[k], (walk.Doc, walk.TitleTf, walk.BodyTf));
            if (k % 3 == 0)
            {
                Assert.Equal(positions[k], walk.Positions.ToArray());
            }
        }

        // Several passes, each over another subset: in increasing order, as a conjunction's walk asks, and in
        // any order, as windows visited best bound first do. The cursor the reader falls back on is its own.
        foreach (var (share, shuffled) in new[] { (1.0, false), (0.3, false), (0.02, false), (0.3, true) })
        {
            var cursor = new PostingCursor();
            cursor.Reset(postings);
            var ranked = new RankedFrequencies();
            ranked.Reset(cursor);
            var asked = expected.Where(_ => random.NextDouble() < share).ToList();
            if (shuffled)
            {
                asked = [.. asked.OrderBy(_ => random.Next())];
            }

            Assert.NotEmpty(asked);
            foreach (var (d, titleTf, bodyTf) in asked)
            {
                Assert.Equal((titleTf, bodyTf), ranked.At(d));
            }
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
