using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// What a query asks of the whole snapshot, worked out once before any segment is read: the distinct
/// scoring terms (wanted terms and the indexed words of wanted phrases), the phrase matchers, the
/// BM25F statistics and the date range as day numbers. Reused by a thread's evaluator.
/// </summary>
internal sealed class QueryPlan
{
    private readonly List<string> scoringTerms = [];
    private readonly List<PhraseMatcher> phrases = [];
    private readonly List<PhraseMatcher> excludedPhrases = [];
    private int fromDay;
    private int toDay;

    public SearchQuery Query { get; private set; } = null!;

    public Bm25Scorer Scorer { get; } = new();

    /// <summary>Scoring term i is scored by <see cref="Bm25Scorer"/> term i and read by cursor i.</summary>
    public IReadOnlyList<string> ScoringTerms => scoringTerms;

    public IReadOnlyList<string> ExcludedTerms => Query.Excluded;

    /// <summary>True while some phrase must be checked against positions in the current segment.</summary>
    public bool HasPhraseChecks => phrases.Count > 0 || excludedPhrases.Exists(p => p.IsBound);

    /// <summary>Plans <paramref name="query"/>; false when nothing can match it, such as when a
    /// wanted term occurs in no live document.</summary>
    public bool Prepare(IndexSnapshot snapshot, SearchQuery query)
    {
        Query = query;
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
            if (PhraseMatcher.Of(words, AddScoringTerm) is { } phrase)
            {
                phrases.Add(phrase);
            }
        }

        excludedPhrases.Clear();
        foreach (var words in query.ExcludedPhrases)
        {
            if (PhraseMatcher.Of(words, static _ => -1) is { } phrase)
            {
                excludedPhrases.Add(phrase);
            }
        }

        if (scoringTerms.Count == 0)
        {
            return false;
        }

        Scorer.Reset(scoringTerms.Count, documentCount, snapshot.TitleLengthSum, snapshot.BodyLengthSum);
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

            Scorer.SetDocFreq(i, documentCount, docFreq);
        }

        fromDay = query.From is { } from ? from.DayNumber : Segment.UndatedDay + 1;
        toDay = query.To is { } to ? to.DayNumber : int.MaxValue;
        return true;
    }

    /// <summary>The segment's documents within the date filter, as [start, end).</summary>
    public (int Start, int End) DocRange(Segment segment) =>
        Query.HasDateFilter ? segment.DayRange(fromDay, toDay) : (0, segment.Count);

    public void BindExcludedPhrases(SegmentCursors cursors)
    {
        foreach (var phrase in excludedPhrases)
        {
            phrase.Bind(cursors);
        }
    }

    /// <summary>Whether every wanted phrase and no excluded one occurs in the document, once the
    /// scoring cursors stand on it.</summary>
    public bool PhrasesHold(PostingCursor?[] scoringCursors, int doc)
    {
        foreach (var phrase in phrases)
        {
            if (!phrase.Matches(scoringCursors, doc))
            {
                return false;
            }
        }

        foreach (var phrase in excludedPhrases)
        {
            if (phrase.IsBound && phrase.Matches(phrase.Cursors, doc))
            {
                return false;
            }
        }

        return true;
    }

    public void Release() => Query = null!;

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
}
