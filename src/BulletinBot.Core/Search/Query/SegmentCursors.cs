using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// One query's cursors over one segment: a cursor per scoring term (indexed like the plan's scoring
/// terms), the order that drives the intersection, rarest term first, and cursors for the excluded
/// terms the segment holds. Cursors come from a pool that lives as long as the thread's evaluator,
/// so a search allocates none.
/// </summary>
internal sealed class SegmentCursors
{
    private readonly List<PostingCursor> pool = [];
    private int rented;
    private PostingCursor?[] terms = new PostingCursor?[16];
    private PostingCursor?[] excluded = new PostingCursor?[16];
    private RankedFrequencies?[] ranked = new RankedFrequencies?[16];
    private int[] driveOrder = new int[16];
    private QueryPlan plan = null!;

    public SegmentState State { get; private set; } = null!;

    public Segment Segment { get; private set; } = null!;

    /// <summary>The segment's place in the snapshot, which the top k records with each hit.</summary>
    public int SegmentIndex { get; private set; }

    public int TermCount { get; private set; }

    public int ExcludedCount { get; private set; }

    /// <summary>See <see cref="Bm25Scorer.BoundScale"/>.</summary>
    public double BoundScale { get; private set; }

    /// <summary>Cursor i reads scoring term i.</summary>
    public PostingCursor?[] Terms => terms;

    /// <summary>Scoring term indexes, rarest first: the first drives, the others are sought.</summary>
    public int[] DriveOrder => driveOrder;

    public PostingCursor Lead => terms[driveOrder[0]]!;

    /// <summary>Whether every scoring term keeps a bitset of its documents in this segment.</summary>
    public bool AllTermsKeepBits
    {
        get
        {
            for (var i = 0; i < TermCount; i++)
            {
                if (terms[i]!.Postings.DocBits is null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public PostingCursor Excluded(int e) => excluded[e]!;

    /// <summary>Positions the cursors at the start of segment <paramref name="s"/>; false when the
    /// segment cannot match: no live document, or a scoring term it lacks.</summary>
    public bool Enter(QueryPlan queryPlan, IndexSnapshot snapshot, int s)
    {
        rented = 0;
        plan = queryPlan;
        State = snapshot.Segments[s];
        Segment = State.Segment;
        SegmentIndex = s;
        var scoringTerms = plan.ScoringTerms;
        TermCount = scoringTerms.Count;
        if (State.LiveCount == 0)
        {
            return false;
        }

        Buffers.Grow(ref terms, TermCount);
        Buffers.Grow(ref driveOrder, TermCount);
        Buffers.Grow(ref ranked, TermCount);
        for (var i = 0; i < TermCount; i++)
        {
            var postings = Segment.Find(scoringTerms[i]);
            if (postings is null)
            {
                return false;
            }

            terms[i] = Rent(postings);
            driveOrder[i] = i;
            if (postings.DocBits is not null)
            {
                (ranked[i] ??= new RankedFrequencies()).Reset(terms[i]!);
            }
        }

        // The rarest term drives; sorting a handful by insertion keeps this allocation-free.
        for (var i = 1; i < TermCount; i++)
        {
            var current = driveOrder[i];
            var j = i - 1;
            while (j >= 0 && terms[driveOrder[j]]!.Postings.DocFreq > terms[current]!.Postings.DocFreq)
            {
                driveOrder[j + 1] = driveOrder[j];
                j--;
            }

            driveOrder[j + 1] = current;
        }

        ExcludedCount = 0;
        var excludedTerms = plan.ExcludedTerms;
        Buffers.Grow(ref excluded, excludedTerms.Count);
        foreach (var term in excludedTerms)
        {
            if (Segment.Find(term) is { } postings)
            {
                excluded[ExcludedCount++] = Rent(postings);
            }
        }

        Source = null;
        if (plan.Query.Origin is { } origin)
        {
            // A segment without the source's term holds none of its items.
            if (Segment.Find(SourceTerm.Of(origin)) is not { } sourcePostings)
            {
                return false;
            }

            Source = Rent(sourcePostings);
        }

        plan.BindExcludedPhrases(this);
        BoundScale = plan.Scorer.BoundScale(Segment);
        return true;
    }

    /// <summary>
    /// Scoring term <paramref name="t"/>'s title and body frequency in <paramref name="doc"/>, a match, so one the term
    /// holds: from its cursor where that stands on the document; by the document's rank in the term's bitset where it
    /// keeps one (<see cref="RankedFrequencies"/>), so that a term ruled in by a bit test is never sought; else by
    /// moving its cursor there.
    /// </summary>
    public (int Title, int Body) FrequenciesIn(int t, int doc)
    {
        var cursor = terms[t]!;
        if (cursor.Doc != doc)
        {
            if (cursor.Postings.DocBits is not null)
            {
                return ranked[t]!.At(doc);
            }

            if (cursor.Seek(doc) != doc)
            {
                throw new InvalidOperationException($"A match ({doc}) lacks scoring term {t}.");
            }
        }

        return (cursor.TitleTf, cursor.BodyTf);
    }

    /// <summary>Puts the scoring cursors back before their first document, for another walk.</summary>
    public void Rewind()
    {
        for (var i = 0; i < TermCount; i++)
        {
            terms[i]!.Reset(terms[i]!.Postings);
        }
    }

    public PostingCursor Rent(TermPostings postings)
    {
        if (rented == pool.Count)
        {
            pool.Add(new PostingCursor());
        }

        var cursor = pool[rented++];
        cursor.Reset(postings);
        return cursor;
    }

    /// <summary>Whether an excluded term occurs in the document.</summary>
    public bool HasExcludedTerm(int doc)
    {
        for (var e = 0; e < ExcludedCount; e++)
        {
            if (excluded[e]!.Contains(doc))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cursor of the source the query is narrowed to (<see cref="SearchQuery.Origin"/>); null for every source.</summary>
    public PostingCursor? Source { get; private set; }

    /// <summary>Whether the document is of the source the query is narrowed to, or the query is not narrowed.</summary>
    public bool InSource(int doc) => Source is not { } source || source.Contains(doc);

    /// <summary>See <see cref="QueryPlan.PhrasesHold"/>.</summary>
    public bool PhrasesHold(int doc) => plan.PhrasesHold(terms, doc);

    /// <summary>Exclusions and phrases, once every scoring cursor stands on the document.</summary>
    public bool PassesChecks(int doc) => InSource(doc) && !HasExcludedTerm(doc) && PhrasesHold(doc);

    public void Release()
    {
        rented = 0;
        Source = null;
        plan = null!;
        State = null!;
        Segment = null!;
    }
}
