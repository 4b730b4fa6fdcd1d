using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Scoring;

/// <summary>
/// The best k hits so far, as a binary heap whose root is the worst of them. Ranking: higher score,
/// then newer date, then smaller id (ordinal), so results never depend on evaluation order.
/// </summary>
internal sealed class TopK
{
    private double[] scores = new double[16];
    private int[] days = new int[16];
    private int[] segments = new int[16];
    private int[] docs = new int[16];
    private SegmentState[] states = [];

    public int Count { get; private set; }

    public int Capacity { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The score a hit must at least reach to enter.</summary>
    public double Threshold => IsFull ? (Capacity == 0 ? double.PositiveInfinity : scores[0]) : double.NegativeInfinity;

    public void Reset(int capacity, SegmentState[] segmentStates)
    {
        if (scores.Length < capacity)
        {
            var size = Math.Max(capacity, scores.Length * 2);
            scores = new double[size];
            days = new int[size];
            segments = new int[size];
            docs = new int[size];
        }

        Capacity = capacity;
        Count = 0;
        states = segmentStates;
    }

    /// <summary>True when a hit with these keys would enter.</summary>
    public bool Accepts(double score, int segment, int doc)
    {
        if (!IsFull)
        {
            return true;
        }

        if (Capacity == 0)
        {
            return false;
        }

        return score > scores[0] || (score == scores[0] && Ranks(score, states[segment].Segment.Days[doc], segment, doc, 0));
    }

    public void Add(double score, int segment, int doc)
    {
        var day = states[segment].Segment.Days[doc];
        if (!IsFull)
        {
            var i = Count++;
            Set(i, score, day, segment, doc);
            SiftUp(i);
            return;
        }

        Set(0, score, day, segment, doc);
        SiftDown(0);
    }

    /// <summary>Empties the heap into <paramref name="output"/>, best first.</summary>
    public void Drain(List<(double Score, int Segment, int Doc)> output)
    {
        var start = output.Count;
        while (Count > 0)
        {
            output.Add((scores[0], segments[0], docs[0]));
            Count--;
            if (Count > 0)
            {
                Set(0, scores[Count], days[Count], segments[Count], docs[Count]);
                SiftDown(0);
            }
        }

        output.Reverse(start, output.Count - start);
    }

    // True when the hit (score, day, segment, doc) ranks above the entry at i.
    private bool Ranks(double score, int day, int segment, int doc, int i)
    {
        if (score != scores[i])
        {
            return score > scores[i];
        }

        if (day != days[i])
        {
            return day > days[i];
        }

        return segment == segments[i]
            ? doc < docs[i]
            : IdColumn.Compare(states[segment].Segment.Ids, doc, states[segments[i]].Segment.Ids, docs[i]) < 0;
    }

    private bool Below(int i, int j) => Ranks(scores[j], days[j], segments[j], docs[j], i);

    private void Set(int i, double score, int day, int segment, int doc)
    {
        scores[i] = score;
        days[i] = day;
        segments[i] = segment;
        docs[i] = doc;
    }

    private void Swap(int i, int j)
    {
        (scores[i], scores[j]) = (scores[j], scores[i]);
        (days[i], days[j]) = (days[j], days[i]);
        (segments[i], segments[j]) = (segments[j], segments[i]);
        (docs[i], docs[j]) = (docs[j], docs[i]);
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Below(i, parent))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= Count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < Count && Below(right, left))
            {
                worst = right;
            }

            if (!Below(worst, i))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }
}
