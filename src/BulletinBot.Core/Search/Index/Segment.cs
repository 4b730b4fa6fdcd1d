using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Codecs;

namespace BulletinBot.Core.Search.Index;

/// <summary>
/// An immutable slice of the index. Documents are numbered newest first (then by id), so a date
/// filter is a contiguous range of document numbers and document order is the ranking tie-break.
/// A segment lives in memory, or in a segment file (<see cref="File"/>): then its per-document arrays
/// and term dictionary are read at open, and a term's postings only when a query first needs them.
/// </summary>
internal sealed class Segment
{
    public const int UndatedDay = int.MinValue;

    private readonly TermPostings?[] postings;

    public Segment(TermPostings?[] postings) => this.postings = postings;

    public required IdColumn Ids { get; init; }

    /// <summary>DateOnly.DayNumber per document, descending; <see cref="UndatedDay"/> for undated ones, last.</summary>
    public required int[] Days { get; init; }

    public required ushort[] TitleLengths { get; init; }

    public required ushort[] BodyLengths { get; init; }

    /// <summary>The segment's terms and their ordinals.</summary>
    public required ITermDictionary Terms { get; init; }

    /// <summary>Per term ordinal, how many documents hold it; known without reading its postings.</summary>
    public required int[] DocFreqs { get; init; }

    /// <summary>Per document, the ordinals of its distinct terms as varints, so a deletion can keep
    /// document frequencies exact. In memory only; a file-backed segment reads them from its file.</summary>
    public byte[]? Forward { get; init; }

    public required int[] ForwardStart { get; init; }

    public required long TitleLengthSum { get; init; }

    public required long BodyLengthSum { get; init; }

    /// <summary>The file this segment was read from; null for a segment that lives in memory only.</summary>
    public SegmentFile? File { get; init; }

    public int Count => Ids.Count;

    public double AverageTitleLength => Count == 0 ? 0 : (double)TitleLengthSum / Count;

    public double AverageBodyLength => Count == 0 ? 0 : (double)BodyLengthSum / Count;

    public TermPostings? Find(string term) => Terms.Ordinal(term) is var ordinal and >= 0 ? Postings(ordinal) : null;

    public int Ordinal(string term) => Terms.Ordinal(term);

    /// <summary>A term's postings, read from the file (and kept) the first time they are asked for.</summary>
    public TermPostings Postings(int ordinal)
    {
        var cached = Volatile.Read(ref postings[ordinal]);
        if (cached is not null)
        {
            return cached;
        }

        // Two searches may read the same term at once; both get equal postings and one is kept.
        var read = File!.ReadPostings(ordinal);
        if (Interlocked.CompareExchange(ref postings[ordinal], read, null) is { } other)
        {
            return other;
        }

        PostingsCache.Shared.Admit(this, ordinal, read);
        return read;
    }

    /// <summary>Drops a term's postings read from the file; a search that holds them goes on with them.</summary>
    public void Evict(int ordinal)
    {
        if (File is not null)
        {
            Volatile.Write(ref postings[ordinal], null);
        }
    }

    /// <summary>A term's postings for a merge, which reads every term once: not kept, so a merge does
    /// not leave the whole segment in memory.</summary>
    public TermPostings PostingsOnce(int ordinal) => Volatile.Read(ref postings[ordinal]) ?? File!.ReadPostings(ordinal);

    /// <summary>The stored bulletin of a document; null when the segment keeps no stored fields.</summary>
    public Bulletin? Stored(int doc) => File?.ReadStored(doc);

    public void ForEachTermOf(int doc, Action<int> action)
    {
        var length = ForwardStart[doc + 1] - ForwardStart[doc];
        var data = Forward is { } forward ? forward.AsSpan(ForwardStart[doc], length) : File!.ReadForward(ForwardStart[doc], length);
        var offset = 0;
        var ordinal = 0;
        while (offset < data.Length)
        {
            ordinal += VarInt.Read(data, ref offset);
            if ((uint)ordinal >= (uint)Terms.Count)
            {
                throw new IndexCorruptException($"segment {File?.Name}: document {doc} lists term {ordinal} of {Terms.Count}");
            }

            action(ordinal);
        }
    }

    /// <summary>The documents dated within [fromDay, toDay], as [start, end).</summary>
    public (int Start, int End) DayRange(int fromDay, int toDay)
    {
        var start = FirstDocNotAfter(toDay);
        var end = FirstDocNotAfter(fromDay - 1);
        return (start, Math.Max(start, end));
    }

    // Days descend with the document number: the first document whose day is at most the given day.
    private int FirstDocNotAfter(int day)
    {
        int low = 0, high = Days.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (Days[mid] > day)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
