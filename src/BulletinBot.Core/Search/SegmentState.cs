namespace BulletinBot.Core.Search;

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
        Segment.Postings[ordinal].DocFreq - (deletedDocFreq is null ? 0 : deletedDocFreq[ordinal]);

    public SegmentState WithDeleted(IReadOnlyCollection<int> docs)
    {
        var bits = deleted is null ? new ulong[(Segment.Count + 63) >> 6] : (ulong[])deleted.Clone();
        var docFreq = deletedDocFreq is null ? new int[Segment.Postings.Length] : (int[])deletedDocFreq.Clone();
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
    public IndexSnapshot(SegmentState[] segments)
    {
        Segments = segments;
        foreach (var segment in segments)
        {
            LiveCount += segment.LiveCount;
            TitleLengthSum += segment.LiveTitleLengthSum;
            BodyLengthSum += segment.LiveBodyLengthSum;
        }
    }

    public static IndexSnapshot Empty { get; } = new([]);

    public SegmentState[] Segments { get; }

    public int LiveCount { get; }

    public long TitleLengthSum { get; }

    public long BodyLengthSum { get; }
}
