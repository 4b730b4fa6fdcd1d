using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// Runs one query over a snapshot, the way Lucene's IndexSearcher does: plan the query once
/// (<see cref="QueryPlan"/>, with its <see cref="Bm25Scorer"/>), then per segment open the cursors
/// (<see cref="SegmentCursors"/>), count the matches (<see cref="MatchCounter"/>) and fill the top k
/// (<see cref="BlockMaxCollector"/> into <see cref="TopK"/>). Phrases are checked by
/// <see cref="PhraseMatcher"/>; postings are read through <see cref="PostingCursor"/>.
/// </summary>
internal sealed class QueryEvaluator
{
    // One evaluator per thread: its plan, cursors and scratch arrays are reused from query to query,
    // so that a search allocates little beyond its results.
    [ThreadStatic]
    private static QueryEvaluator? perThread;

    private readonly QueryPlan plan = new();
    private readonly SegmentCursors cursors = new();
    private readonly BlockMaxCollector collector = new();
    private readonly MatchCounter counter = new();
    private readonly TopK top = new();
    private readonly List<(double Score, int Segment, int Doc)> drained = [];

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

    private SearchResults Evaluate(IndexSnapshot snapshot, SearchQuery query, int skip, int take)
    {
        if (!plan.Prepare(snapshot, query))
        {
            return SearchResults.Empty;
        }

        var depth = (int)Math.Min((long)skip + take, SearchIndex.MaxResultDepth);
        top.Reset(depth, snapshot.Segments);
        long total = 0;
        counter.Begin();
        for (var s = 0; s < snapshot.Segments.Length; s++)
        {
            if (!cursors.Enter(plan, snapshot, s))
            {
                continue;
            }

            var (start, end) = plan.DocRange(cursors.Segment);
            if (start >= end)
            {
                continue;
            }

            // Counting first, phrases on a budget; a walk with nothing to check ranks as it counts.
            // Where counting could remember every match, ranking only scores those. Otherwise ranking
            // walks the lists block-max style, checking phrases only where a hit could enter the top k:
            // checking every candidate up front costs more than that.
            total += counter.Count(cursors, plan, start, end, top);
            if (counter.Ranked)
            {
                continue;
            }

            if (counter.RecordedAll)
            {
                BlockMaxCollector.CollectKnown(cursors, plan.Scorer, top, counter.Recorded);
            }
            else
            {
                cursors.Rewind();
                collector.Collect(cursors, plan.Scorer, top, start, end);
            }
        }

        drained.Clear();
        top.Drain(drained);
        var exact = counter.Exact;
        if (!exact)
        {
            total = Math.Max(total, drained.Count);
        }

        var hits = new List<SearchHit>(Math.Max(0, Math.Min(take, drained.Count - skip)));
        for (var i = skip; i < drained.Count && hits.Count < take; i++)
        {
            var (score, s, doc) = drained[i];
            var segment = snapshot.Segments[s].Segment;
            hits.Add(new SearchHit(segment.Ids[doc], score) { Segment = segment, Doc = doc });
        }

        return new SearchResults((int)Math.Min(total, int.MaxValue), exact, hits);
    }

    private void Release()
    {
        cursors.Release();
        plan.Release();
        top.Reset(0, []);
        drained.Clear();
    }
}
