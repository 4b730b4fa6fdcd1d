using BulletinBot.Core.Search.Codecs;

namespace BulletinBot.Core.Search.Index;

/// <summary>Rewrites segments into one, term by term, dropping deleted documents.</summary>
internal static class SegmentMerger
{
    public static Segment Merge(IReadOnlyList<SegmentState> sources)
    {
        var (builder, fillTerm) = Prepare(sources, keepStored: false);
        return builder.Build(fillTerm, out _);
    }

    /// <summary>A builder holding the merged documents (with their stored records when
    /// <paramref name="keepStored"/>), and the callback that fills a term's postings as it is built.</summary>
    public static (SegmentBuilder Builder, Action<int> FillTerm) Prepare(IReadOnlyList<SegmentState> sources, bool keepStored)
    {
        // Final order: newest first, then by id, as every segment is numbered.
        var live = new List<(int Source, int Doc)>();
        for (var s = 0; s < sources.Count; s++)
        {
            for (var doc = 0; doc < sources[s].Segment.Count; doc++)
            {
                if (!sources[s].IsDeleted(doc))
                {
                    live.Add((s, doc));
                }
            }
        }

        live.Sort((a, b) =>
        {
            var sa = sources[a.Source].Segment;
            var sb = sources[b.Source].Segment;
            var byDay = sb.Days[b.Doc].CompareTo(sa.Days[a.Doc]);
            return byDay != 0 ? byDay : IdColumn.Compare(sa.Ids, a.Doc, sb.Ids, b.Doc);
        });

        var newDoc = new int[sources.Count][];
        for (var s = 0; s < sources.Count; s++)
        {
            newDoc[s] = new int[sources[s].Segment.Count];
            Array.Fill(newDoc[s], -1);
        }

        for (var i = 0; i < live.Count; i++)
        {
            newDoc[live[i].Source][live[i].Doc] = i;
        }

        // Ordinals of the merged segment: every term still in a live document.
        var builder = new SegmentBuilder();
        if (keepStored)
        {
            builder.CompressedStoredSource = added => sources[live[added].Source].Segment.File!.ReadCompressedStored(live[added].Doc);
        }

        var ordinalMaps = new int[sources.Count][];
        for (var s = 0; s < sources.Count; s++)
        {
            var segment = sources[s].Segment;
            ordinalMaps[s] = new int[segment.Terms.Count];
            for (var ordinal = 0; ordinal < segment.Terms.Count; ordinal++)
            {
                ordinalMaps[s][ordinal] = sources[s].LiveDocFreq(ordinal) > 0 ? builder.OrdinalOf(segment.Terms.TermAt(ordinal)) : -1;
            }
        }

        var termCount = builder.TermCount;
        var sourceOrdinals = new int[sources.Count][];
        for (var s = 0; s < sources.Count; s++)
        {
            sourceOrdinals[s] = new int[termCount];
            Array.Fill(sourceOrdinals[s], -1);
            for (var ordinal = 0; ordinal < ordinalMaps[s].Length; ordinal++)
            {
                if (ordinalMaps[s][ordinal] >= 0)
                {
                    sourceOrdinals[s][ordinalMaps[s][ordinal]] = ordinal;
                }
            }
        }

        var termsOfDoc = new List<int>();

        // A file-backed source's forward index is read once, whole and checked.
        var forwards = sources.Select(s => s.Segment.Forward ?? s.Segment.File!.ReadForwardSection()).ToArray();
        foreach (var (source, doc) in live)
        {
            var segment = sources[source].Segment;
            termsOfDoc.Clear();
            var map = ordinalMaps[source];
            var data = forwards[source].AsSpan(segment.ForwardStart[doc], segment.ForwardStart[doc + 1] - segment.ForwardStart[doc]);
            var offset = 0;
            var ordinal = 0;
            while (offset < data.Length)
            {
                ordinal += VarInt.Read(data, ref offset);
                termsOfDoc.Add(map[ordinal]);
            }

            termsOfDoc.Sort();
            builder.AddDocument(segment.Ids[doc], segment.Days[doc], segment.TitleLengths[doc], segment.BodyLengths[doc], termsOfDoc);
        }

        var cursors = new PostingCursor[sources.Count];
        var heads = new int[sources.Count];
        for (var s = 0; s < sources.Count; s++)
        {
            cursors[s] = new PostingCursor();
        }

        void FillTerm(int target)
        {
            for (var s = 0; s < sources.Count; s++)
            {
                var ordinal = sourceOrdinals[s][target];
                heads[s] = -1;
                if (ordinal >= 0)
                {
                    cursors[s].Reset(sources[s].Segment.PostingsOnce(ordinal));
                    heads[s] = NextLive(cursors[s], newDoc[s]);
                }
            }

            // A k-way merge by new document number; k is small.
            while (true)
            {
                var best = -1;
                for (var s = 0; s < sources.Count; s++)
                {
                    if (heads[s] >= 0 && (best < 0 || heads[s] < heads[best]))
                    {
                        best = s;
                    }
                }

                if (best < 0)
                {
                    return;
                }

                var cursor = cursors[best];
                builder.AddPosting(target, heads[best], cursor.TitleTf, cursor.BodyTf, cursor.Positions);
                heads[best] = NextLive(cursor, newDoc[best]);
            }
        }

        return (builder, FillTerm);
    }

    // The next live posting's new document number, or -1 when the list is done.
    private static int NextLive(PostingCursor cursor, int[] newDoc)
    {
        while (true)
        {
            var doc = cursor.NextDoc();
            if (doc == PostingCursor.NoMoreDocs)
            {
                return -1;
            }

            if (newDoc[doc] >= 0)
            {
                return newDoc[doc];
            }
        }
    }
}
