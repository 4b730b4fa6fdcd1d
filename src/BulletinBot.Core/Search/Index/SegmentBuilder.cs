using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Core.Search.Index;

/// <summary>The compressed stored block of the document added <paramref name="added"/>th.</summary>
internal delegate ReadOnlySpan<byte> StoredRecordSource(int added);

/// <summary>Collects documents and their postings, then writes an immutable <see cref="Segment"/>.</summary>
internal sealed class SegmentBuilder
{
    public const int MaxPosition = ushort.MaxValue;

    // Body positions start this far after the title's, so that no phrase matches across the two.
    public const int FieldGap = 100;

    private readonly Dictionary<string, int> ordinals = new(StringComparer.Ordinal);
    private readonly List<string> terms = [];
    private readonly List<RawPostings> rawPostings = [];
    private readonly GrowableArray<string> ids = new(64);
    private readonly GrowableArray<int> days = new(64);
    private readonly GrowableArray<ushort> titleLengths = new(64);
    private readonly GrowableArray<ushort> bodyLengths = new(64);
    private readonly GrowableArray<byte> forward = new(256);
    private readonly GrowableArray<int> forwardStart = new(64);
    private readonly List<int> docTerms = [];
    private readonly char[] termBuffer = new char[TextAnalyzer.BufferLength];
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly GrowableArray<byte>? stored;
    private readonly GrowableArray<int>? storedStart;

    /// <summary>A builder; with <paramref name="keepStored"/> it also keeps each document's stored
    /// fields, for a segment that is written to a file.</summary>
    public SegmentBuilder(bool keepStored = false)
    {
        lookup = ordinals.GetAlternateLookup<ReadOnlySpan<char>>();
        if (keepStored)
        {
            stored = new GrowableArray<byte>(4096);
            storedStart = new GrowableArray<int>(64);
        }
    }

    /// <summary>Where a merge reads the compressed stored block of each document it added, in the
    /// order it added them, to copy it as it is instead of keeping or recompressing the records.</summary>
    public StoredRecordSource? CompressedStoredSource { get; set; }

    public bool KeepsStored => stored is not null || CompressedStoredSource is not null;

    public int DocumentCount => ids.Count;

    public int TermCount => terms.Count;

    public void Add(Bulletin bulletin)
    {
        var doc = ids.Count;
        docTerms.Clear();
        var position = 0;
        var titleLength = AddField(bulletin.Title, doc, ref position, isTitle: true);
        position += FieldGap;
        var bodyLength = 0;
        foreach (var paragraph in bulletin.Paragraphs)
        {
            bodyLength += AddField(paragraph, doc, ref position, isTitle: false);
        }

        if (bulletin.Origin is { } origin)
        {
            // The source as a term with no occurrences: a filter's postings, never scored or matched by a word.
            var ordinal = OrdinalOf(SourceTerm.Of(origin));
            var raw = rawPostings[ordinal];
            raw.Docs.Add(doc);
            raw.TitleTf.Add(0);
            raw.BodyTf.Add(0);
            docTerms.Add(ordinal);
        }

        docTerms.Sort();
        if (stored is not null)
        {
            storedStart!.Add(stored.Count);
            StoredFields.Encode(bulletin, stored);
        }

        AddDocument(bulletin.Id, bulletin.Date?.DayNumber ?? Segment.UndatedDay, titleLength, bodyLength, docTerms);
    }

    /// <summary>The stored record of the document added <paramref name="added"/>th.</summary>
    public ReadOnlySpan<byte> StoredRecord(int added)
    {
        var end = added + 1 < storedStart!.Count ? storedStart[added + 1] : stored!.Count;
        return stored!.AsSpan()[storedStart[added]..end];
    }

    public void AddDocument(string id, int day, int titleLength, int bodyLength, List<int> termOrdinals)
    {
        ids.Add(id);
        days.Add(day);
        titleLengths.Add((ushort)Math.Min(titleLength, ushort.MaxValue));
        bodyLengths.Add((ushort)Math.Min(bodyLength, ushort.MaxValue));
        forwardStart.Add(forward.Count);
        var previous = 0;
        foreach (var ordinal in termOrdinals)
        {
            VarInt.Write(forward, ordinal - previous);
            previous = ordinal;
        }
    }

    public int OrdinalOf(string term)
    {
        if (!ordinals.TryGetValue(term, out var ordinal))
        {
            ordinal = terms.Count;
            ordinals.Add(term, ordinal);
            terms.Add(term);
            rawPostings.Add(new RawPostings());
        }

        return ordinal;
    }

    /// <summary>Appends a posting; per term, documents must come in increasing order.</summary>
    public void AddPosting(int ordinal, int doc, int titleTf, int bodyTf, ReadOnlySpan<ushort> positions)
    {
        var raw = rawPostings[ordinal];
        raw.Docs.Add(doc);
        raw.TitleTf.Add((ushort)titleTf);
        raw.BodyTf.Add((ushort)bodyTf);
        raw.Positions.AddRange(positions);
    }

    /// <summary>Writes the segment; <paramref name="newOf"/> maps the order documents were added in to
    /// their final numbers.</summary>
    public Segment Build(out int[] newOf) => Build(null, out newOf);

    /// <summary>
    /// Writes the segment, asking <paramref name="fillTerm"/> for each term's postings just before
    /// encoding them, so that a merge holds one term's raw postings at a time. With a
    /// <paramref name="sink"/>, each term's encoded postings go to it and are not kept: the segment
    /// returned then describes a file being written and cannot be searched.
    /// </summary>
    public Segment Build(Action<int>? fillTerm, out int[] newOf, Action<int, TermPostings>? sink = null)
    {
        var count = ids.Count;
        newOf = DateOrder(out var identity);
        var oldOf = new int[count];
        for (var i = 0; i < count; i++)
        {
            oldOf[newOf[i]] = i;
        }

        var finalIds = new string[count];
        var finalDays = new int[count];
        var finalTitle = new ushort[count];
        var finalBody = new ushort[count];
        var finalForward = new byte[forward.Count];
        var finalForwardStart = new int[count + 1];
        long titleSum = 0, bodySum = 0;
        forwardStart.Add(forward.Count);
        var written = 0;
        for (var doc = 0; doc < count; doc++)
        {
            var old = oldOf[doc];
            finalIds[doc] = ids[old];
            finalDays[doc] = days[old];
            finalTitle[doc] = titleLengths[old];
            finalBody[doc] = bodyLengths[old];
            titleSum += titleLengths[old];
            bodySum += bodyLengths[old];
            var length = forwardStart[old + 1] - forwardStart[old];
            finalForwardStart[doc] = written;
            forward.AsSpan().Slice(forwardStart[old], length).CopyTo(finalForward.AsSpan(written));
            written += length;
        }

        finalForwardStart[count] = written;
        var inverseTitle = Bm25.Inverse(count == 0 ? 0 : (double)titleSum / count);
        var inverseBody = Bm25.Inverse(count == 0 ? 0 : (double)bodySum / count);
        var postings = new TermPostings?[terms.Count];
        var docFreqs = new int[terms.Count];
        var encoder = new PostingsEncoder(finalTitle, finalBody, inverseTitle, inverseBody, count);
        for (var ordinal = 0; ordinal < terms.Count; ordinal++)
        {
            fillTerm?.Invoke(ordinal);
            var encoded = encoder.Encode(rawPostings[ordinal], identity ? null : newOf);
            rawPostings[ordinal] = null!;
            docFreqs[ordinal] = encoded.DocFreq;
            if (sink is null)
            {
                postings[ordinal] = encoded;
            }
            else
            {
                sink(ordinal, encoded);
            }
        }

        return new Segment(postings)
        {
            Ids = IdColumn.Of(finalIds),
            Days = finalDays,
            TitleLengths = finalTitle,
            BodyLengths = finalBody,
            Terms = new HashTermDictionary(ordinals, [.. terms]),
            DocFreqs = docFreqs,
            Forward = finalForward,
            ForwardStart = finalForwardStart,
            TitleLengthSum = titleSum,
            BodyLengthSum = bodySum,
        };
    }

    private int AddField(string text, int doc, ref int position, bool isTitle)
    {
        var length = 0;
        var offset = 0;
        var span = text.AsSpan();
        while (position < MaxPosition && TextAnalyzer.NextToken(span, ref offset, out var start, out var tokenLength))
        {
            var termLength = TextAnalyzer.Normalize(span.Slice(start, tokenLength), termBuffer, out var isStop);
            if (termLength == 0)
            {
                continue;
            }

            var current = position++;
            if (isStop)
            {
                continue;
            }

            length++;
            if (!lookup.TryGetValue(termBuffer.AsSpan(0, termLength), out var ordinal))
            {
                ordinal = OrdinalOf(new string(termBuffer, 0, termLength));
            }

            var raw = rawPostings[ordinal];
            var last = raw.Docs.Count - 1;
            if (last < 0 || raw.Docs[last] != doc)
            {
                raw.Docs.Add(doc);
                raw.TitleTf.Add(0);
                raw.BodyTf.Add(0);
                docTerms.Add(ordinal);
                last++;
            }

            if (isTitle)
            {
                raw.TitleTf[last]++;
            }
            else
            {
                raw.BodyTf[last]++;
            }

            raw.Positions.Add((ushort)current);
        }

        return length;
    }

    // Newest first, undated last, then by id: the order documents are numbered in.
    private int[] DateOrder(out bool identity)
    {
        var count = ids.Count;
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        identity = true;
        for (var i = 1; i < count && identity; i++)
        {
            identity = Compare(i - 1, i) < 0;
        }

        if (!identity)
        {
            Array.Sort(order, Compare);
        }

        var newOf = new int[count];
        for (var i = 0; i < count; i++)
        {
            newOf[order[i]] = i;
        }

        return newOf;
    }

    private int Compare(int a, int b)
    {
        var byDay = days[b].CompareTo(days[a]);
        return byDay != 0 ? byDay : string.CompareOrdinal(ids[a], ids[b]);
    }
}
