using System.Numerics;
using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// Counts a query's matches, segment by segment, apart from ranking: by document frequency when one
/// term needs no checks, by intersecting bitsets when every term keeps one, else by walking the
/// rarest term. Phrase checks are spent from a per-query budget; past it the total is a lower bound
/// (<see cref="Exact"/> false), since checking every candidate costs more than the ranking itself.
/// A walk with no phrase to check ranks as it counts (<see cref="Ranked"/>): it stands on every match
/// anyway, so each one whose blocks' bound could still enter the top k is scored there and then,
/// the way Lucene scores while it leapfrogs, instead of walking the lists a second time to rank.
/// </summary>
internal sealed class MatchCounter
{
    // Phrase checks spent on counting one query's matches.
    private const int PhraseCountBudget = 500;

    // Up to this many matches of a segment are remembered as they are counted, so that ranking can
    // score them alone instead of walking the lists again and checking their phrases a second time.
    private const int MaxRecorded = 1024;

    private ulong[] bits = new ulong[64];
    private int[] recorded = new int[64];
    private int recordedCount;
    private int phraseBudget;

    /// <summary>True when the last <see cref="Count"/> remembered every match it counted, which are
    /// then all the segment's matches within its range (<see cref="Recorded"/>, ascending).</summary>
    public bool RecordedAll { get; private set; }

    /// <summary>The matches the last <see cref="Count"/> remembered, in document order.</summary>
    public ReadOnlySpan<int> Recorded => recorded.AsSpan(0, recordedCount);

    /// <summary>True when the last <see cref="Count"/> also offered every match of its range to the
    /// top k it was given, so the segment needs no ranking walk.</summary>
    public bool Ranked { get; private set; }

    /// <summary>False once the phrase budget ran out before every candidate was checked.</summary>
    public bool Exact { get; private set; }

    /// <summary>Starts a query: a full budget, an exact count so far.</summary>
    public void Begin()
    {
        phraseBudget = PhraseCountBudget;
        Exact = true;
    }

    /// <summary>The matches among documents [start, end) of the cursors' segment, remembering them
    /// where there are few enough (<see cref="RecordedAll"/>). Rewinds the scoring cursors first, and
    /// leaves them anywhere. Given <paramref name="top"/>, a walk without phrase checks also ranks.</summary>
    public long Count(SegmentCursors cursors, QueryPlan plan, int start, int end, TopK? top = null)
    {
        var hasPhrases = plan.HasPhraseChecks;
        var termCount = cursors.TermCount;
        var terms = cursors.Terms;
        var driveOrder = cursors.DriveOrder;
        var state = cursors.State;
        var lead = cursors.Lead;
        cursors.Rewind();
        recordedCount = 0;
        RecordedAll = false;
        Ranked = false;
        if (!hasPhrases && termCount == 1 && cursors.ExcludedCount == 0 && state.DeletedCount == 0 && cursors.Source is null)
        {
            return start == 0 && end == state.Segment.Count
                ? lead.Postings.DocFreq
                : PostingRank(lead, end) - PostingRank(lead, start);
        }

        // A query narrowed to a source counts document by document.
        if (cursors.Source is null && cursors.AllTermsKeepBits)
        {
            return CountWithBits(cursors, start, end, hasPhrases);
        }

        var rank = !hasPhrases && top is not null;
        RecordedAll = !rank;
        Ranked = rank;
        long count = 0;
        var doc = lead.Seek(start);
        while (doc < end)
        {
            var next = doc;
            for (var k = 1; k < termCount; k++)
            {
                var cursor = terms[driveOrder[k]]!;
                if (cursor.Postings.DocBits is { } docBits)
                {
                    if ((docBits[doc >> 6] & (1UL << doc)) == 0)
                    {
                        next = doc + 1;
                        break;
                    }
                }
                else if ((next = cursor.Seek(doc)) != doc)
                {
                    break;
                }
            }

            if (next != doc)
            {
                doc = next == PostingCursor.NoMoreDocs ? next : lead.Seek(next);
                continue;
            }

            if (!state.IsDeleted(doc) && cursors.InSource(doc) && !cursors.HasExcludedTerm(doc))
            {
                if (rank)
                {
                    count++;
                    Offer(cursors, plan.Scorer, top!, doc);
                }
                else if (!hasPhrases)
                {
                    count++;
                    Record(doc);
                }
                else if (!SpendPhraseCheck())
                {
                    RecordedAll = false;
                    return count;
                }
                else if (cursors.PhrasesHold(doc))
                {
                    count++;
                    Record(doc);
                }
            }

            doc = lead.NextDoc();
        }

        return count;
    }

    // Every scoring term keeps a bitset: AND them a word at a time, then clear deleted and excluded
    // documents, and check phrases only on the bits left.
    private long CountWithBits(SegmentCursors cursors, int start, int end, bool hasPhrases)
    {
        var termCount = cursors.TermCount;
        var terms = cursors.Terms;
        var firstWord = start >> 6;
        var lastWord = (end - 1) >> 6;
        Buffers.Grow(ref bits, lastWord + 1);
        var deleted = cursors.State.DeletedBits;
        for (var w = firstWord; w <= lastWord; w++)
        {
            var word = ulong.MaxValue;
            for (var i = 0; i < termCount && word != 0; i++)
            {
                word &= terms[i]!.Postings.DocBits![w];
            }

            if (deleted is not null)
            {
                word &= ~deleted[w];
            }

            for (var e = 0; e < cursors.ExcludedCount; e++)
            {
                if (cursors.Excluded(e).Postings.DocBits is { } excludedBits)
                {
                    word &= ~excludedBits[w];
                }
            }

            bits[w] = word;
        }

        bits[firstWord] &= ulong.MaxValue << (start & 63);
        if ((end & 63) != 0)
        {
            bits[lastWord] &= ulong.MaxValue >> (64 - (end & 63));
        }

        for (var e = 0; e < cursors.ExcludedCount; e++)
        {
            var cursor = cursors.Excluded(e);
            if (cursor.Postings.DocBits is not null)
            {
                continue;
            }

            for (var doc = cursor.Seek(start); doc < end; doc = cursor.NextDoc())
            {
                bits[doc >> 6] &= ~(1UL << doc);
            }
        }

        long count = 0;
        RecordedAll = hasPhrases;
        for (var w = firstWord; w <= lastWord; w++)
        {
            var word = bits[w];
            if (!hasPhrases)
            {
                count += BitOperations.PopCount(word);
                continue;
            }

            while (word != 0)
            {
                var doc = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                if (!SpendPhraseCheck())
                {
                    RecordedAll = false;
                    return count;
                }

                for (var i = 0; i < termCount; i++)
                {
                    terms[i]!.Seek(doc);
                }

                if (cursors.PhrasesHold(doc))
                {
                    count++;
                    Record(doc);
                }
            }
        }

        return count;
    }

    // Scores a match the walk stands on and offers it to the top k, unless its terms' current blocks
    // bound its score below the k-th hit: then not even its frequencies are read. A term ruled in by
    // its bitset has no cursor on the match; its block is found without decoding, and a match that may
    // enter the top k reads its frequencies by rank (SegmentCursors.FrequenciesIn), not by seeking.
    private static void Offer(SegmentCursors cursors, Bm25Scorer scorer, TopK top, int doc)
    {
        if (top.IsFull)
        {
            var bound = 0.0;
            for (var t = 0; t < cursors.TermCount; t++)
            {
                var cursor = cursors.Terms[t]!;
                var block = cursor.Doc == doc ? cursor.CurrentBlock : cursor.ShallowBlock(doc);
                bound += scorer.BlockBound(t, cursor.Postings.BlockMaxWeight[block], cursors.BoundScale);
            }

            if (bound * BlockMaxCollector.BoundSlack < top.Threshold)
            {
                return;
            }
        }

        BlockMaxCollector.Offer(cursors, scorer, top, doc, checksPassed: true);
    }

    private void Record(int doc)
    {
        if (!RecordedAll)
        {
            return;
        }

        if (recordedCount == MaxRecorded)
        {
            RecordedAll = false;
            return;
        }

        if (recordedCount == recorded.Length)
        {
            Array.Resize(ref recorded, recorded.Length * 2);
        }

        recorded[recordedCount++] = doc;
    }

    private bool SpendPhraseCheck()
    {
        if (phraseBudget == 0)
        {
            Exact = false;
            return false;
        }

        phraseBudget--;
        return true;
    }

    // How many postings come before the first document at or after target.
    private static int PostingRank(PostingCursor cursor, int target)
    {
        var doc = cursor.Seek(target);
        return doc == PostingCursor.NoMoreDocs
            ? cursor.Postings.DocFreq
            : (cursor.CurrentBlock * TermPostings.BlockSize) + cursor.IndexInBlock;
    }
}
