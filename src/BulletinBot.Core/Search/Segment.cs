namespace BulletinBot.Core.Search;

/// <summary>
/// An immutable slice of the index. Documents are numbered newest first (then by id), so a date
/// filter is a contiguous range of document numbers and document order is the ranking tie-break.
/// </summary>
internal sealed class Segment
{
    public const int UndatedDay = int.MinValue;

    public required string[] Ids { get; init; }

    /// <summary>DateOnly.DayNumber per document, descending; <see cref="UndatedDay"/> for undated ones, last.</summary>
    public required int[] Days { get; init; }

    public required ushort[] TitleLengths { get; init; }

    public required ushort[] BodyLengths { get; init; }

    public required string[] Terms { get; init; }

    public required TermPostings[] Postings { get; init; }

    public required Dictionary<string, int> TermOrdinals { get; init; }

    /// <summary>Per document, the ordinals of its distinct terms as varints, so a deletion can keep
    /// document frequencies exact.</summary>
    public required byte[] Forward { get; init; }

    public required int[] ForwardStart { get; init; }

    public required long TitleLengthSum { get; init; }

    public required long BodyLengthSum { get; init; }

    public int Count => Ids.Length;

    public double AverageTitleLength => Count == 0 ? 0 : (double)TitleLengthSum / Count;

    public double AverageBodyLength => Count == 0 ? 0 : (double)BodyLengthSum / Count;

    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> TermLookup =>
        TermOrdinals.GetAlternateLookup<ReadOnlySpan<char>>();

    public TermPostings? Find(string term) =>
        TermOrdinals.TryGetValue(term, out var ordinal) ? Postings[ordinal] : null;

    public int Ordinal(string term) => TermOrdinals.TryGetValue(term, out var ordinal) ? ordinal : -1;

    public void ForEachTermOf(int doc, Action<int> action)
    {
        var data = Forward.AsSpan(ForwardStart[doc], ForwardStart[doc + 1] - ForwardStart[doc]);
        var offset = 0;
        while (offset < data.Length)
        {
            action(VarInt.Read(data, ref offset));
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
