using System.Numerics;

namespace BulletinBot.Core.Search;

/// <summary>
/// Runs one query over a snapshot. Every wanted term must match, so the rarest term's blocks are the
/// windows to look at; each window gets an upper bound from the per-block maxima of all terms, windows
/// are visited best bound first, and the search stops at the first window that cannot beat the k-th hit.
/// Counting is a separate pass: by document frequency, bitset intersection or a walk of the rarest
/// term, with phrase checks on a budget.
/// </summary>
internal sealed class QueryEvaluator
{
    // Phrase checks spent on counting one query's matches; past it the total is a lower bound.
    private const int PhraseCountBudget = 500;

    // Room for the rounding of block maxima and of summing in another order.
    private const double BoundSlack = 1 + 1e-9;

    [ThreadStatic]
    private static QueryEvaluator? perThread;

    private readonly List<PostingCursor> cursorPool = [];
    private readonly TopK top = new();
    private readonly List<(double Score, int Segment, int Doc)> drained = [];
    private readonly List<Clause> phrases = [];
    private readonly List<Clause> excludedPhrases = [];
    private readonly List<string> scoringTerms = [];
    private int cursorsRented;
    private double[] multipliers = new double[16];
    private PostingCursor?[] termCursors = new PostingCursor?[16];
    private PostingCursor?[] excludedCursors = new PostingCursor?[16];
    private int[] driveOrder = new int[16];
    private double[] windowBounds = new double[64];
    private double[] windowRestBounds = new double[64];
    private int[] windowHeap = new int[64];
    private ulong[] bits = new ulong[64];
    private int phraseBudget;

    // Per query
    private SearchQuery query = null!;
    private IndexSnapshot snapshot = null!;
    private double inverseAverageTitle;
    private double inverseAverageBody;
    private int fromDay;
    private int toDay;

    // Per segment
    private SegmentState state = null!;
    private Segment segment = null!;
    private int segmentIndex;
    private int termCount;
    private int excludedCount;
    private double boundScale;

    public static SearchResults Run(IndexSnapshot snapshot, SearchQuery query, int skip, int take)
    {
        var evaluator = perThread ??= new QueryEvaluator();
        try
        {
            return evaluator.Evaluate(snapshot, query, skip, take);
        }
        finally
        {
            evaluator.Release();
        }
    }

    private SearchResults Evaluate(IndexSnapshot indexSnapshot, SearchQuery searchQuery, int skip, int take)
    {
        snapshot = indexSnapshot;
        query = searchQuery;
        if (!Prepare())
        {
            return SearchResults.Empty;
        }

        var depth = (int)Math.Min((long)skip + take, SearchIndex.MaxResultDepth);
        top.Reset(depth, snapshot.Segments);
        long total = 0;
        var exact = true;
        phraseBudget = PhraseCountBudget;
        for (var s = 0; s < snapshot.Segments.Length; s++)
        {
            if (!EnterSegment(s))
            {
                continue;
            }

            var (start, end) = DocRange();
            if (start >= end)
            {
                continue;
            }

            // Phrase queries check positions only where a hit could enter the top k, then count on a
            // budget: checking every candidate up front costs more than the ranking itself.
            CollectTop(start, end, countMatches: false, ref exact);
            total += CountMatches(start, end, ref exact);
        }

        drained.Clear();
        top.Drain(drained);
        if (!exact)
        {
            total = Math.Max(total, drained.Count);
        }

        var hits = new List<SearchHit>(Math.Max(0, Math.Min(take, drained.Count - skip)));
        for (var i = skip; i < drained.Count && hits.Count < take; i++)
        {
            var (score, s, doc) = drained[i];
            hits.Add(new SearchHit(snapshot.Segments[s].Segment.Ids[doc], score));
        }

        return new SearchResults((int)Math.Min(total, int.MaxValue), exact, hits);
    }

    private bool Prepare()
    {
        var documentCount = snapshot.LiveCount;
        if (documentCount == 0)
        {
            return false;
        }

        scoringTerms.Clear();
        foreach (var term in query.Terms)
        {
            AddScoringTerm(term);
        }

        phrases.Clear();
        foreach (var words in query.Phrases)
        {
            var clause = Clause.Of(words, AddScoringTerm);
            if (clause is null)
            {
                continue;
            }

            phrases.Add(clause);
        }

        excludedPhrases.Clear();
        foreach (var words in query.ExcludedPhrases)
        {
            if (Clause.Of(words, static _ => -1) is { } clause)
            {
                excludedPhrases.Add(clause);
            }
        }

        if (scoringTerms.Count == 0)
        {
            return false;
        }

        Grow(ref multipliers, scoringTerms.Count);
        for (var i = 0; i < scoringTerms.Count; i++)
        {
            long docFreq = 0;
            foreach (var s in snapshot.Segments)
            {
                var ordinal = s.Segment.Ordinal(scoringTerms[i]);
                if (ordinal >= 0)
                {
                    docFreq += s.LiveDocFreq(ordinal);
                }
            }

            if (docFreq == 0)
            {
                return false;
            }

            multipliers[i] = Bm25.Idf(documentCount, docFreq) * (Bm25.K1 + 1);
        }

        inverseAverageTitle = Bm25.Inverse((double)snapshot.TitleLengthSum / documentCount);
        inverseAverageBody = Bm25.Inverse((double)snapshot.BodyLengthSum / documentCount);
        fromDay = query.From is { } from ? from.DayNumber : Segment.UndatedDay + 1;
        toDay = query.To is { } to ? to.DayNumber : int.MaxValue;
        return true;
    }

    private int AddScoringTerm(string term)
    {
        if (term.Length == 0 || TextAnalyzer.IsStopTerm(term))
        {
            return -1;
        }

        var i = scoringTerms.IndexOf(term);
        if (i >= 0)
        {
            return i;
        }

        scoringTerms.Add(term);
        return scoringTerms.Count - 1;
    }

    private bool EnterSegment(int s)
    {
        ReleaseCursors();
        state = snapshot.Segments[s];
        segment = state.Segment;
        segmentIndex = s;
        termCount = scoringTerms.Count;
        if (state.LiveCount == 0)
        {
            return false;
        }

        Grow(ref termCursors, termCount);
        Grow(ref driveOrder, termCount);
        for (var i = 0; i < termCount; i++)
        {
            var postings = segment.Find(scoringTerms[i]);
            if (postings is null)
            {
                return false;
            }

            termCursors[i] = Rent(postings);
            driveOrder[i] = i;
        }

        // The rarest term drives; sorting a handful by insertion keeps this allocation-free.
        for (var i = 1; i < termCount; i++)
        {
            var current = driveOrder[i];
            var j = i - 1;
            while (j >= 0 && termCursors[driveOrder[j]]!.Postings.DocFreq > termCursors[current]!.Postings.DocFreq)
            {
                driveOrder[j + 1] = driveOrder[j];
                j--;
            }

            driveOrder[j + 1] = current;
        }

        excludedCount = 0;
        Grow(ref excludedCursors, query.Excluded.Count);
        foreach (var term in query.Excluded)
        {
            if (segment.Find(term) is { } postings)
            {
                excludedCursors[excludedCount++] = Rent(postings);
            }
        }

        foreach (var clause in excludedPhrases)
        {
            clause.Bind(this);
        }

        // Block maxima were computed with this segment's average lengths; with today's averages a
        // pseudo-frequency grows by at most this factor (see Bm25.Weight).
        boundScale = 1;
        if (segment.AverageTitleLength > 0 && inverseAverageTitle > 0)
        {
            boundScale = Math.Max(boundScale, 1 / (inverseAverageTitle * segment.AverageTitleLength));
        }

        if (segment.AverageBodyLength > 0 && inverseAverageBody > 0)
        {
            boundScale = Math.Max(boundScale, 1 / (inverseAverageBody * segment.AverageBodyLength));
        }

        return true;
    }

    private (int Start, int End) DocRange() =>
        query.HasDateFilter ? segment.DayRange(fromDay, toDay) : (0, segment.Count);

    private bool HasPhraseChecks => phrases.Count > 0 || excludedPhrases.Exists(c => c.IsBound);

    /// <summary>
    /// Visits the rarest term's blocks best bound first until none can beat the k-th hit. With
    /// <paramref name="countMatches"/>, phrase queries count their matches on the way, since each
    /// candidate is checked anyway, and then count the skipped blocks on a budget.
    /// </summary>
    private long CollectTop(int start, int end, bool countMatches, ref bool exact)
    {
        var lead = termCursors[driveOrder[0]]!;
        var leadPostings = lead.Postings;
        var firstBlock = lead.ShallowBlock(start);
        var windowCount = 0;
        Grow(ref windowBounds, leadPostings.BlockCount);
        Grow(ref windowRestBounds, leadPostings.BlockCount);
        Grow(ref windowHeap, leadPostings.BlockCount);
        for (var b = firstBlock; b < leadPostings.BlockCount && leadPostings.BlockFirstDoc(b) < end; b++)
        {
            var windowStart = Math.Max(start, leadPostings.BlockFirstDoc(b));
            var windowEnd = Math.Min(end - 1, leadPostings.BlockLastDoc[b]);
            var leadBound = BlockBound(driveOrder[0], leadPostings.BlockMaxWeight[b]);
            var bound = leadBound;
            var possible = true;
            for (var k = 1; k < termCount; k++)
            {
                var i = driveOrder[k];
                var cursor = termCursors[i]!;
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

                bound += BlockBound(i, max);
            }

            if (!possible)
            {
                break;
            }

            windowBounds[b - firstBlock] = bound * BoundSlack;
            windowRestBounds[b - firstBlock] = bound - leadBound;
            windowHeap[windowCount++] = b - firstBlock;
        }

        long count = 0;
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
            count += ScoreWindow(b, Math.Max(start, leadPostings.BlockFirstDoc(b)), Math.Min(end - 1, leadPostings.BlockLastDoc[b]), countMatches, score: true, windowRestBounds[w]);
        }

        for (var h = 0; countMatches && h < windowCount; h++)
        {
            var b = firstBlock + windowHeap[h];
            count += ScoreWindow(b, Math.Max(start, leadPostings.BlockFirstDoc(b)), Math.Min(end - 1, leadPostings.BlockLastDoc[b]), countMatches, score: false, 0);
            if (phraseBudget <= 0)
            {
                exact = false;
                break;
            }
        }

        return count;
    }

    private double BlockBound(int term, float maxWeight) =>
        maxWeight <= 0 ? 0 : multipliers[term] * Bm25.Saturate(maxWeight * boundScale);

    // Intersects one block of the lead with the other terms; scores candidates for the top k, or with
    // score false only counts them (spending the phrase budget). Returns the matches counted.
    // restBound bounds what the other terms can add in this window: a document whose lead score plus
    // that cannot reach the k-th hit is passed over before the other lists are even searched.
    private int ScoreWindow(int block, int windowStart, int windowEnd, bool countMatches, bool score, double restBound)
    {
        var leadTerm = driveOrder[0];
        var prune = score && !countMatches && termCount > 1;
        var lead = termCursors[driveOrder[0]]!;
        lead.LoadBlock(block);
        var count = lead.BlockLength;
        var i = 0;
        while (i < count && lead.DocAt(i) < windowStart)
        {
            i++;
        }

        var matches = 0;
        var titleLengths = segment.TitleLengths;
        var bodyLengths = segment.BodyLengths;
        while (i < count)
        {
            var doc = lead.DocAt(i);
            if (doc > windowEnd)
            {
                break;
            }

            lead.MoveToIndex(i);
            if (prune && top.IsFull)
            {
                var leadScore = multipliers[leadTerm] * Bm25.Saturate(Bm25.Weight(
                    lead.TitleTf, lead.BodyTf, titleLengths[doc], bodyLengths[doc], inverseAverageTitle, inverseAverageBody));
                if ((leadScore + restBound) * BoundSlack < top.Threshold)
                {
                    i++;
                    continue;
                }
            }

            var next = doc;
            for (var k = 1; k < termCount; k++)
            {
                next = termCursors[driveOrder[k]]!.Seek(doc);
                if (next != doc)
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

            if (!score)
            {
                if (phraseBudget <= 0)
                {
                    break;
                }

                phraseBudget--;
                if (PassesChecks(doc))
                {
                    matches++;
                }

                continue;
            }

            int titleLength = titleLengths[doc], bodyLength = bodyLengths[doc];
            var total = 0.0;
            for (var t = 0; t < termCount; t++)
            {
                var cursor = termCursors[t]!;
                total += multipliers[t] * Bm25.Saturate(Bm25.Weight(
                    cursor.TitleTf, cursor.BodyTf, titleLength, bodyLength, inverseAverageTitle, inverseAverageBody));
            }

            if (countMatches)
            {
                if (PassesChecks(doc))
                {
                    matches++;
                    if (top.Accepts(total, segmentIndex, doc))
                    {
                        top.Add(total, segmentIndex, doc);
                    }
                }
            }
            else if (top.Accepts(total, segmentIndex, doc) && PassesChecks(doc))
            {
                top.Add(total, segmentIndex, doc);
            }
        }

        return matches;
    }

    // Exclusions and phrases, once every wanted term's cursor stands on the document.
    private bool PassesChecks(int doc)
    {
        for (var e = 0; e < excludedCount; e++)
        {
            if (Contains(excludedCursors[e]!, doc))
            {
                return false;
            }
        }

        return PhrasesHold(doc);
    }

    private static bool Contains(PostingCursor cursor, int doc) =>
        cursor.Postings.DocBits is { } docBits ? (docBits[doc >> 6] & (1UL << doc)) != 0 : cursor.Seek(doc) == doc;

    private long CountMatches(int start, int end, ref bool exact)
    {
        var hasPhrases = HasPhraseChecks;
        var lead = termCursors[driveOrder[0]]!;
        for (var i = 0; i < termCount; i++)
        {
            termCursors[i]!.Reset(termCursors[i]!.Postings);
        }

        if (!hasPhrases && termCount == 1 && excludedCount == 0 && state.DeletedCount == 0)
        {
            return start == 0 && end == segment.Count
                ? lead.Postings.DocFreq
                : PostingRank(lead, end) - PostingRank(lead, start);
        }

        var allDense = true;
        for (var i = 0; i < termCount; i++)
        {
            allDense &= termCursors[i]!.Postings.DocBits is not null;
        }

        if (allDense)
        {
            return CountWithBits(start, end, hasPhrases, ref exact);
        }

        long count = 0;
        var doc = lead.Seek(start);
        while (doc < end)
        {
            var next = doc;
            for (var k = 1; k < termCount; k++)
            {
                var cursor = termCursors[driveOrder[k]]!;
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

            if (!state.IsDeleted(doc) && !IsExcludedTerm(doc))
            {
                if (!hasPhrases)
                {
                    count++;
                }
                else if (!SpendPhraseCheck(ref exact))
                {
                    return count;
                }
                else if (PhrasesHold(doc))
                {
                    count++;
                }
            }

            doc = lead.NextDoc();
        }

        return count;
    }

    private long CountWithBits(int start, int end, bool hasPhrases, ref bool exact)
    {
        var firstWord = start >> 6;
        var lastWord = (end - 1) >> 6;
        Grow(ref bits, lastWord + 1);
        var deleted = state.DeletedBits;
        for (var w = firstWord; w <= lastWord; w++)
        {
            var word = ulong.MaxValue;
            for (var i = 0; i < termCount && word != 0; i++)
            {
                word &= termCursors[i]!.Postings.DocBits![w];
            }

            if (deleted is not null)
            {
                word &= ~deleted[w];
            }

            for (var e = 0; e < excludedCount; e++)
            {
                if (excludedCursors[e]!.Postings.DocBits is { } excludedBits)
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

        for (var e = 0; e < excludedCount; e++)
        {
            var cursor = excludedCursors[e]!;
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
                if (!SpendPhraseCheck(ref exact))
                {
                    return count;
                }

                for (var i = 0; i < termCount; i++)
                {
                    termCursors[i]!.Seek(doc);
                }

                if (PhrasesHold(doc))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private bool SpendPhraseCheck(ref bool exact)
    {
        if (phraseBudget == 0)
        {
            exact = false;
            return false;
        }

        phraseBudget--;
        return true;
    }

    private bool IsExcludedTerm(int doc)
    {
        for (var e = 0; e < excludedCount; e++)
        {
            if (Contains(excludedCursors[e]!, doc))
            {
                return true;
            }
        }

        return false;
    }

    private bool PhrasesHold(int doc)
    {
        foreach (var clause in phrases)
        {
            if (!clause.Matches(termCursors, doc))
            {
                return false;
            }
        }

        foreach (var clause in excludedPhrases)
        {
            if (clause.IsBound && clause.Matches(clause.Cursors, doc))
            {
                return false;
            }
        }

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

    private void HeapifyWindows(int count)
    {
        for (var i = (count / 2) - 1; i >= 0; i--)
        {
            SiftDownWindow(i, count);
        }
    }

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

    internal PostingCursor Rent(TermPostings postings)
    {
        if (cursorsRented == cursorPool.Count)
        {
            cursorPool.Add(new PostingCursor());
        }

        var cursor = cursorPool[cursorsRented++];
        cursor.Reset(postings);
        return cursor;
    }

    internal Segment CurrentSegment => segment;

    private void ReleaseCursors() => cursorsRented = 0;

    private void Release()
    {
        ReleaseCursors();
        query = null!;
        snapshot = null!;
        state = null!;
        segment = null!;
        top.Reset(0, []);
        drained.Clear();
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }
    }

    /// <summary>A phrase: its indexed words with their offsets from the first word.</summary>
    private sealed class Clause
    {
        private Clause(string[] words, int[] offsets, int[] termIndexes)
        {
            Words = words;
            Offsets = offsets;
            TermIndexes = termIndexes;
            Cursors = new PostingCursor?[words.Length];
        }

        public string[] Words { get; }

        public int[] Offsets { get; }

        /// <summary>For wanted phrases, where each word's cursor sits among the scoring terms.</summary>
        public int[] TermIndexes { get; }

        /// <summary>For excluded phrases, the cursors of the current segment.</summary>
        public PostingCursor?[] Cursors { get; }

        public bool IsBound { get; private set; }

        public static Clause? Of(IReadOnlyList<string> phraseWords, Func<string, int> termIndexOf)
        {
            var words = new List<string>();
            var offsets = new List<int>();
            for (var i = 0; i < phraseWords.Count; i++)
            {
                var word = phraseWords[i];
                if (word.Length > 0 && !TextAnalyzer.IsStopTerm(word))
                {
                    words.Add(word);
                    offsets.Add(i);
                }
            }

            if (words.Count == 0)
            {
                return null;
            }

            var termIndexes = words.ConvertAll(w => termIndexOf(w)).ToArray();
            return new Clause([.. words], [.. offsets], termIndexes);
        }

        public void Bind(QueryEvaluator evaluator)
        {
            IsBound = true;
            for (var i = 0; i < Words.Length; i++)
            {
                var postings = evaluator.CurrentSegment.Find(Words[i]);
                if (postings is null)
                {
                    IsBound = false;
                    return;
                }

                Cursors[i] = evaluator.Rent(postings);
            }
        }

        /// <summary>True when the words stand at their offsets somewhere in the document; a wanted
        /// phrase reads the scoring cursors, which already stand on the document.</summary>
        public bool Matches(PostingCursor?[] scoringCursors, int doc)
        {
            var useOwn = ReferenceEquals(scoringCursors, Cursors);
            var anchor = 0;
            var fewest = int.MaxValue;
            for (var i = 0; i < Words.Length; i++)
            {
                var cursor = useOwn ? Cursors[i]! : scoringCursors[TermIndexes[i]]!;
                if (cursor.Doc != doc && cursor.Seek(doc) != doc)
                {
                    return false;
                }

                var tf = cursor.TitleTf + cursor.BodyTf;
                if (tf < fewest)
                {
                    fewest = tf;
                    anchor = i;
                }
            }

            if (Words.Length == 1)
            {
                return true;
            }

            var anchorCursor = useOwn ? Cursors[anchor]! : scoringCursors[TermIndexes[anchor]]!;
            foreach (var position in anchorCursor.Positions)
            {
                var origin = position - Offsets[anchor];
                var all = true;
                for (var i = 0; i < Words.Length && all; i++)
                {
                    if (i == anchor)
                    {
                        continue;
                    }

                    var cursor = useOwn ? Cursors[i]! : scoringCursors[TermIndexes[i]]!;
                    all = cursor.Positions.BinarySearch((ushort)Math.Clamp(origin + Offsets[i], 0, ushort.MaxValue)) >= 0
                        && origin + Offsets[i] >= 0;
                }

                if (all)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
