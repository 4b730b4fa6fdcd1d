using System.Text;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Search.Index;

/// <summary>
/// An in-memory full-text index over bulletins: immutable segments with block-compressed postings and
/// positions, deletions as bitsets, BM25F ranking with block-max pruning. Searches read an immutable
/// snapshot without locking; writers take turns and publish a new snapshot.
/// </summary>
public sealed partial class SearchIndex
{
    /// <summary>The deepest result a search can page to.</summary>
    public const int MaxResultDepth = 10_000;

    // Bounds the raw postings held at once while building; a 100k archive builds in one chunk.
    private const int DefaultBuildChunkSize = 262_144;

    private readonly Lock writeLock = new();
    private IndexSnapshot snapshot = new([]);

    private SearchIndex()
    {
    }

    public int Count => Volatile.Read(ref snapshot).LiveCount;

    internal int SegmentCount => Volatile.Read(ref snapshot).Segments.Length;

    internal IndexSnapshot Snapshot => Volatile.Read(ref snapshot);

    public static SearchIndex Build(IEnumerable<Bulletin> bulletins) => Build(bulletins, DefaultBuildChunkSize);

    internal static SearchIndex Build(IEnumerable<Bulletin> bulletins, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(bulletins);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);

        // Chunks keep the raw postings small; one merge then writes the final segment term by term.
        var chunks = new List<SegmentState>();
        var chunkOrders = new List<int[]>();
        var last = new Dictionary<string, (int Chunk, int Added)>(StringComparer.Ordinal);
        var duplicates = false;
        var builder = new SegmentBuilder();
        foreach (var bulletin in bulletins)
        {
            duplicates |= last.ContainsKey(bulletin.Id);
            last[bulletin.Id] = (chunks.Count, builder.DocumentCount);
            builder.Add(bulletin);
            if (builder.DocumentCount == chunkSize)
            {
                chunks.Add(SegmentState.Of(builder.Build(out var order)));
                chunkOrders.Add(order);
                builder = new SegmentBuilder();
            }
        }

        if (builder.DocumentCount > 0)
        {
            chunks.Add(SegmentState.Of(builder.Build(out var order)));
            chunkOrders.Add(order);
        }

        // The same id added twice: the last one wins.
        for (var c = 0; duplicates && c < chunks.Count; c++)
        {
            var segment = chunks[c].Segment;
            var stale = new List<int>();
            for (var doc = 0; doc < segment.Count; doc++)
            {
                var (chunk, added) = last[segment.Ids[doc]];
                if (chunk != c || chunkOrders[c][added] != doc)
                {
                    stale.Add(doc);
                }
            }

            chunks[c] = chunks[c].WithDeleted(stale);
        }

        var index = new SearchIndex();
        chunks.RemoveAll(c => c.LiveCount == 0);
        if (chunks.Count == 0)
        {
            return index;
        }

        var state = chunks.Count == 1 ? chunks[0] : SegmentState.Of(SegmentMerger.Merge(chunks));
        lock (index.writeLock)
        {
            index.Publish([state]);
        }

        return index;
    }

    /// <summary>Adds a bulletin, or replaces the indexed one with the same id.</summary>
    public void Upsert(Bulletin bulletin)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        var builder = new SegmentBuilder();
        builder.Add(bulletin);
        var added = SegmentState.Of(builder.Build(out _));
        lock (writeLock)
        {
            var segments = new List<SegmentState>(snapshot.Segments);
            DeleteLocked(segments, bulletin.Id);
            segments.Add(added);
            MergeTail(segments);
            Publish(segments);
        }
    }

    public bool Remove(string bulletinId)
    {
        ArgumentNullException.ThrowIfNull(bulletinId);
        lock (writeLock)
        {
            var segments = new List<SegmentState>(snapshot.Segments);
            if (!DeleteLocked(segments, bulletinId))
            {
                return false;
            }

            Publish(segments);
            return true;
        }
    }

    public SearchResults Search(SearchQuery query, int skip, int take) => OnSnapshot(QueryEvaluator.Run, query, skip, take);

    /// <summary>
    /// As <see cref="Search"/>, honouring the query's <see cref="SearchQuery.Prefixes"/> and
    /// <see cref="SearchQuery.ForgivesTypos"/> (see <see cref="TolerantSearch"/>); <see cref="Search"/> matches every word exactly.
    /// </summary>
    public SearchResults SearchTolerant(SearchQuery query, int skip, int take) => OnSnapshot(TolerantSearch.Run, query, skip, take);

    /// <summary>Runs one search on the current snapshot, held for the run.</summary>
    private SearchResults OnSnapshot(Func<IndexSnapshot, SearchQuery, int, int, SearchResults> run, SearchQuery query, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var current = Acquire();
        try
        {
            return run(current, query, skip, take);
        }
        finally
        {
            current.Release();
        }
    }

    /// <summary>The current snapshot, held until <see cref="IndexSnapshot.Release"/>: the files of its
    /// segments stay open meanwhile, even if a merge replaces them.</summary>
    internal IndexSnapshot Acquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref snapshot);
            if (current.TryRetain())
            {
                return current;
            }
        }
    }

    /// <summary>Merges every segment into one, dropping deleted documents.</summary>
    internal void Optimize()
    {
        lock (writeLock)
        {
            var segments = snapshot.Segments;
            if (segments.Length == 1 && segments[0].DeletedCount == 0)
            {
                return;
            }

            var merged = segments.Length == 0 ? null : SegmentMerger.Merge(segments);
            Publish(merged is null || merged.Count == 0 ? [] : [SegmentState.Of(merged)]);
        }
    }

    private static bool DeleteLocked(List<SegmentState> segments, string id)
    {
        var (i, doc) = Locate(segments, id);
        if (i < 0)
        {
            return false;
        }

        var state = segments[i].WithDeleted([doc]);
        if (state.LiveCount == 0)
        {
            segments.RemoveAt(i);
        }
        else if (state.DeletedCount * 4 > state.Segment.Count)
        {
            segments[i] = SegmentState.Of(SegmentMerger.Merge([state]));
        }
        else
        {
            segments[i] = state;
        }

        return true;
    }

    // Keeps segment sizes roughly doubling from newest to oldest, so there are O(log n) of them
    // and each document is rewritten O(log n) times.
    private static void MergeTail(List<SegmentState> segments)
    {
        while (segments.Count >= 2 && segments[^1].LiveCount * 2 >= segments[^2].LiveCount)
        {
            var merged = SegmentState.Of(SegmentMerger.Merge([segments[^2], segments[^1]]));
            segments.RemoveRange(segments.Count - 2, 2);
            segments.Add(merged);
        }
    }

    /// <summary>
    /// Where the live copy of <paramref name="id"/> is: its segment's place in <paramref name="segments"/>
    /// and its document, or (-1, -1). At most one segment holds a live copy; the newest are looked at first.
    /// </summary>
    internal static (int Segment, int Doc) Locate(IReadOnlyList<SegmentState> segments, string id)
    {
        var length = Encoding.UTF8.GetByteCount(id);
        Span<byte> key = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(id, key);
        return Locate(segments, key);
    }

    /// <inheritdoc cref="Locate(IReadOnlyList{SegmentState}, string)"/>
    internal static (int Segment, int Doc) Locate(IReadOnlyList<SegmentState> segments, ReadOnlySpan<byte> id)
    {
        for (var s = segments.Count - 1; s >= 0; s--)
        {
            if (segments[s].Segment.Ids.Find(id, segments[s]) is var doc and >= 0)
            {
                return (s, doc);
            }
        }

        return (-1, -1);
    }

    private void Publish(IReadOnlyList<SegmentState> segments)
    {
        var previous = snapshot;
        Volatile.Write(ref snapshot, new IndexSnapshot([.. segments]));
        var kept = new HashSet<Segment>(segments.Select(s => s.Segment), ReferenceEqualityComparer.Instance);
        foreach (var gone in previous.Segments.Where(s => !kept.Contains(s.Segment) && s.Segment.File is not null))
        {
            // Merged away or wholly superseded: the file goes once no search holds a snapshot with it.
            gone.Segment.File!.Obsolete = true;
            gone.Segment.File.Release();
        }

        previous.Release();
    }
}
