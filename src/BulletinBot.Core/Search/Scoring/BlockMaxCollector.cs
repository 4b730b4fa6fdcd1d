using System.Numerics;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Search.Scoring;

/// <summary>
/// Fills the top k from one segment, block-max style. Every scoring term must match, so the rarest
/// term's blocks are the windows to look at; each window gets an upper bound from the per-block
/// maxima of all terms, windows are visited best bound first, and the walk stops at the first window
/// that cannot beat the k-th hit. Phrases are checked only for a hit that would enter the top k.
/// Where every term keeps a bitset the windows are visited in document order instead, and within each
/// only the documents all terms share (see <see cref="Collect"/>). A term that keeps a bitset is never
/// sought: a bit test rules a document in or out, and its frequencies are read by the document's rank
/// (<see cref="SegmentCursors.FrequenciesIn"/>). Counting all matches is <see cref="MatchCounter"/>'s job.
/// </summary>
internal sealed class BlockMaxCollector
{
    // Room for the rounding of block maxima and of summing in another order.
    public const double BoundSlack = 1 + 1e-9;

    private double[] windowBounds = new double[64];
    private double[] windowRestBounds = new double[64];
    private int[] windowHeap = new int[64];

    /// <summary>Offers the segment's matches among documents [start, end) to <paramref name="top"/>.</summary>
    public void Collect(SegmentCursors cursors, Bm25Scorer scorer, TopK top, int start, int end)
    {
        var termCount = cursors.TermCount;
        var terms = cursors.Terms;
        var driveOrder = cursors.DriveOrder;
        var boundScale = cursors.BoundScale;
        var lead = cursors.Lead;
        var leadPostings = lead.Postings;
        var firstBlock = lead.ShallowBlock(start);
        var windowCount = 0;
        Buffers.Grow(ref windowBounds, leadPostings.BlockCount);
        Buffers.Grow(ref windowRestBounds, leadPostings.BlockCount);
        Buffers.Grow(ref windowHeap, leadPostings.BlockCount);
        for (var b = firstBlock; b < leadPostings.BlockCount && leadPostings.BlockFirstDoc(b) < end; b++)
        {
            var windowStart = Math.Max(start, leadPostings.BlockFirstDoc(b));
            var windowEnd = Math.Min(end - 1, leadPostings.BlockLastDoc[b]);
            var leadBound = scorer.BlockBound(driveOrder[0], leadPostings.BlockMaxWeight[b], boundScale);
            var bound = leadBound;
            var possible = true;
            for (var k = 1; k < termCount; k++)
            {
                var i = driveOrder[k];
                var cursor = terms[i]!;
                var postings = cursor.Postings;
                var ob = cursor.ShallowBlock(windowStart);
                if (ob >= postings.BlockCount)
                {
                    possible = false;
                    break;
                }

                var max = 0f;
                for (; ob < postings.BlockCount && postings.BlockFirstDoc(ob) <= windowEnd; ob++)
                {
                    max = Math.Max(max, postings.BlockMaxWeight[ob]);
                }

                bound += scorer.BlockBound(i, max, boundScale);
            }

            // Windows come in document order, so once another term has run out, so have the matches.
            if (!possible)
            {
                break;
            }

            windowBounds[b - firstBlock] = bound * BoundSlack;
            windowRestBounds[b - firstBlock] = bound - leadBound;
            windowHeap[windowCount++] = b - firstBlock;
        }

        if (termCount > 1 && cursors.AllTermsKeepBits)
        {
            // Every term keeps a bitset, so each is frequent: matches are dense and the windows' bounds
            // flat, and nearly every window is visited whatever the order. Visiting them in document order
            // reads the lists and bitsets front to back; within each, only the documents every term holds.
            for (var w = 0; w < windowCount; w++)
            {
                if (windowBounds[w] >= top.Threshold)
                {
                    var b = firstBlock + w;
                    ScoreDenseWindow(cursors, scorer, top, Math.Max(start, leadPostings.BlockFirstDoc(b)), Math.Min(end - 1, leadPostings.BlockLastDoc[b]), windowRestBounds[w]);
                }
            }

            return;
        }

        HeapifyWindows(windowCount);
        while (windowCount > 0)
        {
            var w = windowHeap[0];
            if (windowBounds[w] < top.Threshold)
            {
                break;
            }

            windowHeap[0] = windowHeap[--windowCount];
            SiftDownWindow(0, windowCount);
            var b = firstBlock + w;
            ScoreWindow(cursors, scorer, top, b, Math.Max(start, leadPostings.BlockFirstDoc(b)), Math.Min(end - 1, leadPostings.BlockLastDoc[b]), windowRestBounds[w]);
        }
    }

    /// <summary>Offers matches already known, in document order (every check passed), to
    /// <paramref name="top"/>: each is scored as <see cref="Collect"/> scores it.</summary>
    public static void CollectKnown(SegmentCursors cursors, Bm25Scorer scorer, TopK top, ReadOnlySpan<int> docs)
    {
        cursors.Rewind();
        foreach (var doc in docs)
        {
            Offer(cursors, scorer, top, doc, checksPassed: true);
        }
    }

    /// <summary>Scores a document every scoring term holds (<see cref="SegmentCursors.FrequenciesIn"/>) and adds it
    /// to <paramref name="top"/> if it enters; unless <paramref name="checksPassed"/>, only once its exclusions and
    /// phrases hold. Scores are summed in term order, as on every path.</summary>
    public static void Offer(SegmentCursors cursors, Bm25Scorer scorer, TopK top, int doc, bool checksPassed)
    {
        var termCount = cursors.TermCount;
        var segment = cursors.Segment;
        int titleLength = segment.TitleLengths[doc], bodyLength = segment.BodyLengths[doc];
        var total = 0.0;
        for (var t = 0; t < termCount; t++)
        {
            var (title, body) = cursors.FrequenciesIn(t, doc);
            total += scorer.Score(t, title, body, titleLength, bodyLength);
        }

        if (top.Accepts(total, cursors.SegmentIndex, doc) && (checksPassed || cursors.PassesChecks(doc)))
        {
            top.Add(total, cursors.SegmentIndex, doc);
        }
    }

    // Intersects one block of the lead with the other terms and offers each match to the top k.
    // restBound bounds what the other terms can add in this window: a document whose lead score plus
    // that cannot reach the k-th hit is passed over before the other lists are even searched.
    private static void ScoreWindow(SegmentCursors cursors, Bm25Scorer scorer, TopK top, int block, int windowStart, int windowEnd, double restBound)
    {
        var termCount = cursors.TermCount;
        var terms = cursors.Terms;
        var driveOrder = cursors.DriveOrder;
        var leadTerm = driveOrder[0];
        var prune = termCount > 1;
        var lead = terms[leadTerm]!;
        lead.LoadBlock(block);
        var count = lead.BlockLength;
        var i = 0;
        while (i < count && lead.DocAt(i) < windowStart)
        {
            i++;
        }

        var state = cursors.State;
        var segmentIndex = cursors.SegmentIndex;
        var titleLengths = state.Segment.TitleLengths;
        var bodyLengths = state.Segment.BodyLengths;
        while (i < count)
        {
            var doc = lead.DocAt(i);
            if (doc > windowEnd)
            {
                break;
            }

            // A term that keeps a bitset rules the document out with one bit test, before its score
            // is worked out or any other list is decoded for it.
            if (!OthersMayHold(terms, driveOrder, termCount, doc))
            {
                i++;
                continue;
            }

            lead.MoveToIndex(i);
            if (prune && top.IsFull)
            {
                var leadScore = scorer.Score(leadTerm, lead.TitleTf, lead.BodyTf, titleLengths[doc], bodyLengths[doc]);
                if ((leadScore + restBound) * BoundSlack < top.Threshold)
                {
                    i++;
                    continue;
                }
            }

            // A term with a bitset holds the document (tested above); the others are sought.
            var next = doc;
            for (var k = 1; k < termCount; k++)
            {
                var cursor = terms[driveOrder[k]]!;
                if (cursor.Postings.DocBits is null && (next = cursor.Seek(doc)) != doc)
                {
                    break;
                }
            }

            if (next != doc)
            {
                while (i < count && lead.DocAt(i) < next)
                {
                    i++;
                }

                continue;
            }

            i++;
            if (state.IsDeleted(doc))
            {
                continue;
            }

            int titleLength = titleLengths[doc], bodyLength = bodyLengths[doc];
            var total = 0.0;
            for (var t = 0; t < termCount; t++)
            {
                var (title, body) = cursors.FrequenciesIn(t, doc);
                total += scorer.Score(t, title, body, titleLength, bodyLength);
            }

            if (top.Accepts(total, segmentIndex, doc) && cursors.PassesChecks(doc))
            {
                top.Add(total, segmentIndex, doc);
            }
        }
    }

    // As ScoreWindow, where every term keeps a bitset: the window's matches are the bits its terms
    // share, a word at a time, so no other document of the lead is even looked at, and each match's
    // frequencies are read by its rank in each term's bitset: no block's documents are decoded.
    private static void ScoreDenseWindow(SegmentCursors cursors, Bm25Scorer scorer, TopK top, int windowStart, int windowEnd, double restBound)
    {
        var termCount = cursors.TermCount;
        var terms = cursors.Terms;
        var driveOrder = cursors.DriveOrder;
        var leadTerm = driveOrder[0];
        var lead = terms[leadTerm]!;
        var leadBits = lead.Postings.DocBits!;
        var deleted = cursors.State.DeletedBits;
        var titleLengths = cursors.Segment.TitleLengths;
        var bodyLengths = cursors.Segment.BodyLengths;
        var lastWord = windowEnd >> 6;
        for (var w = windowStart >> 6; w <= lastWord; w++)
        {
            var word = leadBits[w];
            for (var k = 1; k < termCount && word != 0; k++)
            {
                word &= terms[driveOrder[k]]!.Postings.DocBits![w];
            }

            if (deleted is not null)
            {
                word &= ~deleted[w];
            }

            if (w == windowStart >> 6)
            {
                word &= ulong.MaxValue << (windowStart & 63);
            }

            if (w == lastWord && (windowEnd & 63) != 63)
            {
                word &= (1UL << ((windowEnd & 63) + 1)) - 1;
            }

            while (word != 0)
            {
                var doc = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                if (top.IsFull)
                {
                    var (title, body) = cursors.FrequenciesIn(leadTerm, doc);
                    var leadScore = scorer.Score(leadTerm, title, body, titleLengths[doc], bodyLengths[doc]);
                    if ((leadScore + restBound) * BoundSlack < top.Threshold)
                    {
                        continue;
                    }
                }

                Offer(cursors, scorer, top, doc, checksPassed: false);
            }
        }
    }

    private static bool OthersMayHold(PostingCursor?[] terms, int[] driveOrder, int termCount, int doc)
    {
        for (var k = 1; k < termCount; k++)
        {
            if (terms[driveOrder[k]]!.Postings.DocBits is { } bits && (bits[doc >> 6] & (1UL << doc)) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private void HeapifyWindows(int count)
    {
        for (var i = (count / 2) - 1; i >= 0; i--)
        {
            SiftDownWindow(i, count);
        }
    }

    // A max-heap of window numbers by bound.
    private void SiftDownWindow(int i, int count)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= count)
            {
                return;
            }

            var best = left;
            if (left + 1 < count && windowBounds[windowHeap[left + 1]] > windowBounds[windowHeap[left]])
            {
                best = left + 1;
            }

            if (windowBounds[windowHeap[best]] <= windowBounds[windowHeap[i]])
            {
                return;
            }

            (windowHeap[i], windowHeap[best]) = (windowHeap[best], windowHeap[i]);
            i = best;
        }
    }
}
