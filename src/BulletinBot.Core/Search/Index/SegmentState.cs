namespace BulletinBot.Core.Search.Index;

/// <summary>A segment together with its deletions, as one snapshot of the index sees them. Immutable:
/// a deletion makes a new state, so searches already running keep a consistent view.</summary>
internal sealed class SegmentState
{
    private readonly ulong[]? deleted;
    private readonly int[]? deletedDocFreq;

    private SegmentState(Segment segment, ulong[]? deleted, int[]? deletedDocFreq, int deletedCount, long titleSum, long bodySum)
    {
        Segment = segment;
        this.deleted = deleted;
        this.deletedDocFreq = deletedDocFreq;
        DeletedCount = deletedCount;
        LiveTitleLengthSum = titleSum;
        LiveBodyLengthSum = bodySum;
    }

    public Segment Segment { get; }

    public int DeletedCount { get; }

    public int LiveCount => Segment.Count - DeletedCount;

    public long LiveTitleLengthSum { get; }

    public long LiveBodyLengthSum { get; }

    public ulong[]? DeletedBits => deleted;

    public static SegmentState Of(Segment segment) =>
        new(segment, null, null, 0, segment.TitleLengthSum, segment.BodyLengthSum);

    public bool IsDeleted(int doc) => deleted is not null && (deleted[doc >> 6] & (1UL << doc)) != 0;

    public int LiveDocFreq(int ordinal) =>
        Segment.DocFreqs[ordinal] - (deletedDocFreq is null ? 0 : deletedDocFreq[ordinal]);

    public SegmentState WithDeleted(IReadOnlyCollection<int> docs)
    {
        var bits = deleted is null ? new ulong[(Segment.Count + 63) >> 6] : (ulong[])deleted.Clone();
        var docFreq = deletedDocFreq is null ? new int[Segment.Terms.Count] : (int[])deletedDocFreq.Clone();
        var count = DeletedCount;
        long titleSum = LiveTitleLengthSum, bodySum = LiveBodyLengthSum;
        foreach (var doc in docs)
        {
            var mask = 1UL << doc;
            if ((bits[doc >> 6] & mask) != 0)
            {
                continue;
            }

            bits[doc >> 6] |= mask;
            count++;
            titleSum -= Segment.TitleLengths[doc];
            bodySum -= Segment.BodyLengths[doc];
            Segment.ForEachTermOf(doc, ordinal => docFreq[ordinal]++);
        }

        return new SegmentState(Segment, bits, docFreq, count, titleSum, bodySum);
    }
}

/// <summary>What one search sees: the segments, oldest (largest) first, and the live totals.</summary>
internal sealed class IndexSnapshot
{
    // The index's own hold plus one per search running on this snapshot.
    private int holders = 1;

    public IndexSnapshot(SegmentState[] segments)
    {
        Segments = segments;
        foreach (var segment in segments)
        {
            segment.Segment.File?.Retain();
            LiveCount += segment.LiveCount;
            TitleLengthSum += segment.LiveTitleLengthSum;
            BodyLengthSum += segment.LiveBodyLengthSum;
        }
    }

    /// <summary>Holds the snapshot for a search; false once it was released for good (then read the
    /// index's current one again).</summary>
    public bool TryRetain()
    {
        while (true)
        {
            var count = Volatile.Read(ref holders);
            if (count == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref holders, count + 1, count) == count)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref holders) == 0)
        {
            foreach (var segment in Segments)
            {
                segment.Segment.File?.Release();
            }
        }
    }

    public SegmentState[] Segments { get; }

    public int LiveCount { get; }

    public long TitleLengthSum { get; }

    public long BodyLengthSum { get; }
}
