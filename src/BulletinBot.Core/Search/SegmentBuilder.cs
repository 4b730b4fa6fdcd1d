using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Search;

/// <summary>BM25F with per-field length normalisation; one formula for indexing bounds and scoring.</summary>
internal static class Bm25
{
    public const double K1 = 1.2;
    public const double B = 0.75;
    public const double TitleBoost = 2.5;

    public static double Idf(long documentCount, long docFreq) =>
        Math.Log(1 + ((documentCount - docFreq + 0.5) / (docFreq + 0.5)));

    /// <summary>The pseudo-frequency of a term in a document: field frequencies, each normalised by its
    /// field's length, title weighted more.</summary>
    public static double Weight(int titleTf, int bodyTf, int titleLength, int bodyLength, double inverseAverageTitle, double inverseAverageBody) =>
        (TitleBoost * titleTf / (1 - B + (B * titleLength * inverseAverageTitle)))
        + (bodyTf / (1 - B + (B * bodyLength * inverseAverageBody)));

    public static double Saturate(double weight) => weight / (K1 + weight);

    public static double Inverse(double average) => average > 0 ? 1 / average : 0;
}

internal sealed class GrowableArray<T>(int capacity = 4)
{
    private T[] items = new T[Math.Max(capacity, 1)];

    public int Count { get; private set; }

    public T[] Items => items;

    public ref T this[int index] => ref items[index];

    public void Add(T item)
    {
        if (Count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[Count++] = item;
    }

    public void AddRange(ReadOnlySpan<T> values)
    {
        if (Count + values.Length > items.Length)
        {
            Array.Resize(ref items, Math.Max(items.Length * 2, Count + values.Length));
        }

        values.CopyTo(items.AsSpan(Count));
        Count += values.Length;
    }

    public void Clear() => Count = 0;

    public ReadOnlySpan<T> AsSpan() => items.AsSpan(0, Count);

    public T[] ToArray() => AsSpan().ToArray();
}

/// <summary>Collects documents and their postings, then writes an immutable <see cref="Segment"/>.</summary>
internal sealed class SegmentBuilder
{
    public const int MaxPosition = ushort.MaxValue;

    // Body positions start this far after the title's, so that no phrase matches across the two.
    public const int FieldGap = 100;

    private const int MinDocsForBitsets = 2048;

    private readonly Dictionary<string, int> ordinals = new(StringComparer.Ordinal);
    private readonly List<string> terms = [];
    private readonly List<Accumulator> accumulators = [];
    private readonly GrowableArray<string> ids = new(64);
    private readonly GrowableArray<int> days = new(64);
    private readonly GrowableArray<ushort> titleLengths = new(64);
    private readonly GrowableArray<ushort> bodyLengths = new(64);
    private readonly GrowableArray<byte> forward = new(256);
    private readonly GrowableArray<int> forwardStart = new(64);
    private readonly List<int> docTerms = [];
    private readonly char[] termBuffer = new char[TextAnalyzer.BufferLength];
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public SegmentBuilder() => lookup = ordinals.GetAlternateLookup<ReadOnlySpan<char>>();

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

        docTerms.Sort();
        AddDocument(bulletin.Id, bulletin.Date?.DayNumber ?? Segment.UndatedDay, titleLength, bodyLength, docTerms);
    }

    public void AddDocument(string id, int day, int titleLength, int bodyLength, List<int> termOrdinals)
    {
        ids.Add(id);
        days.Add(day);
        titleLengths.Add((ushort)Math.Min(titleLength, ushort.MaxValue));
        bodyLengths.Add((ushort)Math.Min(bodyLength, ushort.MaxValue));
        forwardStart.Add(forward.Count);
        foreach (var ordinal in termOrdinals)
        {
            WriteVarInt(forward, ordinal);
        }
    }

    public int OrdinalOf(string term)
    {
        if (!ordinals.TryGetValue(term, out var ordinal))
        {
            ordinal = terms.Count;
            ordinals.Add(term, ordinal);
            terms.Add(term);
            accumulators.Add(new Accumulator());
        }

        return ordinal;
    }

    /// <summary>Appends a posting; per term, documents must come in increasing order.</summary>
    public void AddPosting(int ordinal, int doc, int titleTf, int bodyTf, ReadOnlySpan<ushort> positions)
    {
        var accumulator = accumulators[ordinal];
        accumulator.Docs.Add(doc);
        accumulator.TitleTf.Add((ushort)titleTf);
        accumulator.BodyTf.Add((ushort)bodyTf);
        accumulator.Positions.AddRange(positions);
    }

    /// <summary>Writes the segment; <paramref name="newOf"/> maps the order documents were added in to
    /// their final numbers.</summary>
    public Segment Build(out int[] newOf) => Build(null, out newOf);

    /// <summary>
    /// Writes the segment, asking <paramref name="fillTerm"/> for each term's postings just before
    /// encoding them, so that a merge holds one term's raw postings at a time.
    /// </summary>
    public Segment Build(Action<int>? fillTerm, out int[] newOf)
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
        var postings = new TermPostings[terms.Count];
        var encoder = new Encoder(finalTitle, finalBody, inverseTitle, inverseBody, count);
        for (var ordinal = 0; ordinal < terms.Count; ordinal++)
        {
            fillTerm?.Invoke(ordinal);
            postings[ordinal] = encoder.Encode(accumulators[ordinal], identity ? null : newOf);
            accumulators[ordinal] = null!;
        }

        return new Segment
        {
            Ids = finalIds,
            Days = finalDays,
            TitleLengths = finalTitle,
            BodyLengths = finalBody,
            Terms = [.. terms],
            Postings = postings,
            TermOrdinals = ordinals,
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

            var accumulator = accumulators[ordinal];
            var last = accumulator.Docs.Count - 1;
            if (last < 0 || accumulator.Docs[last] != doc)
            {
                accumulator.Docs.Add(doc);
                accumulator.TitleTf.Add(0);
                accumulator.BodyTf.Add(0);
                docTerms.Add(ordinal);
                last++;
            }

            if (isTitle)
            {
                accumulator.TitleTf[last]++;
            }
            else
            {
                accumulator.BodyTf[last]++;
            }

            accumulator.Positions.Add((ushort)current);
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

    internal static void WriteVarInt(GrowableArray<byte> output, int value)
    {
        var v = (uint)value;
        while (v >= 0x80)
        {
            output.Add((byte)(v | 0x80));
            v >>= 7;
        }

        output.Add((byte)v);
    }

    private sealed class Accumulator
    {
        public GrowableArray<int> Docs { get; } = new(2);

        public GrowableArray<ushort> TitleTf { get; } = new(2);

        public GrowableArray<ushort> BodyTf { get; } = new(2);

        public GrowableArray<ushort> Positions { get; } = new(2);
    }

    private sealed class Encoder(ushort[] titleLengths, ushort[] bodyLengths, double inverseTitle, double inverseBody, int documentCount)
    {
        private readonly GrowableArray<byte> data = new(1024);
        private int[] keys = new int[64];
        private int[] order = new int[64];
        private int[] positionStart = new int[64];

        public TermPostings Encode(Accumulator accumulator, int[]? newOf)
        {
            var count = accumulator.Docs.Count;
            if (keys.Length < count)
            {
                var size = Math.Max(count, keys.Length * 2);
                keys = new int[size];
                order = new int[size];
                positionStart = new int[size];
            }

            var start = 0;
            for (var i = 0; i < count; i++)
            {
                positionStart[i] = start;
                start += accumulator.TitleTf[i] + accumulator.BodyTf[i];
                order[i] = i;
                keys[i] = newOf is null ? accumulator.Docs[i] : newOf[accumulator.Docs[i]];
            }

            var sorted = true;
            for (var i = 1; i < count && sorted; i++)
            {
                sorted = keys[i - 1] < keys[i];
            }

            if (!sorted)
            {
                Array.Sort(keys, order, 0, count);
            }

            var blockCount = (count + TermPostings.BlockSize - 1) / TermPostings.BlockSize;
            var blockLastDoc = new int[blockCount];
            var blockDataOffset = new int[blockCount];
            var blockPositionOffset = new int[blockCount];
            var blockMaxWeight = new float[blockCount];
            var positions = new ushort[accumulator.Positions.Count];
            var sourcePositions = accumulator.Positions.AsSpan();
            ulong[]? bits = documentCount >= MinDocsForBitsets && count >= documentCount / 32
                ? new ulong[(documentCount + 63) >> 6]
                : null;
            data.Clear();
            var positionCount = 0;
            var previous = -1;
            var blockMax = 0.0;
            for (var k = 0; k < count; k++)
            {
                var block = k / TermPostings.BlockSize;
                if (k % TermPostings.BlockSize == 0)
                {
                    blockDataOffset[block] = data.Count;
                    blockPositionOffset[block] = positionCount;
                    blockMax = 0;
                }

                var i = order[k];
                var doc = keys[k];
                int titleTf = accumulator.TitleTf[i], bodyTf = accumulator.BodyTf[i];
                WriteVarInt(data, doc - previous);
                WriteVarInt(data, (bodyTf << 2) | Math.Min(titleTf, 3));
                if (titleTf >= 3)
                {
                    WriteVarInt(data, titleTf - 3);
                }

                var tf = titleTf + bodyTf;
                sourcePositions.Slice(positionStart[i], tf).CopyTo(positions.AsSpan(positionCount));
                positionCount += tf;
                previous = doc;
                if (bits is not null)
                {
                    bits[doc >> 6] |= 1UL << doc;
                }

                var weight = Bm25.Weight(titleTf, bodyTf, titleLengths[doc], bodyLengths[doc], inverseTitle, inverseBody);
                blockMax = Math.Max(blockMax, weight);
                if (k % TermPostings.BlockSize == TermPostings.BlockSize - 1 || k == count - 1)
                {
                    blockLastDoc[block] = doc;
                    var rounded = (float)blockMax;
                    blockMaxWeight[block] = rounded < blockMax ? MathF.BitIncrement(rounded) : rounded;
                }
            }

            return new TermPostings
            {
                DocFreq = count,
                BlockLastDoc = blockLastDoc,
                BlockDataOffset = blockDataOffset,
                BlockPositionOffset = blockPositionOffset,
                BlockMaxWeight = blockMaxWeight,
                Data = data.ToArray(),
                Positions = positions,
                DocBits = bits,
            };
        }
    }
}
