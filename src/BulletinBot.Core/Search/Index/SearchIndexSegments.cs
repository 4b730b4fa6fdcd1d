using System.Runtime.CompilerServices;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Search.Index;

// What a persisted index does with whole segments: open them, add one per batch of changes, swap a
// merge in. Deletions are not written anywhere: a document is superseded by a later segment that holds
// the same id, so opening the segments in order rebuilds the deletions exactly.
public sealed partial class SearchIndex : IDisposable
{
    /// <summary>
    /// An index over segments read from files, oldest first; a later copy of an id wins. Only the ids of
    /// the newer segments are looked up in the older ones, so an index of one segment (a rebuilt one)
    /// opens without touching its ids, and a cold search pays for none of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static SearchIndex Open(IReadOnlyList<Segment> segments)
    {
        var index = new SearchIndex();
        var states = segments.Select(SegmentState.Of).ToList();
        for (var s = 1; s < states.Count; s++)
        {
            var newer = states[s].Segment.Ids;
            var stale = new List<int>[s];
            var olders = states.GetRange(0, s);
            for (var doc = 0; doc < newer.Count; doc++)
            {
                if (states[s].IsDeleted(doc))
                {
                    continue;
                }

                var (older, olderDoc) = Locate(olders, newer.Bytes(doc));
                if (older >= 0)
                {
                    (stale[older] ??= []).Add(olderDoc);
                }
            }

            for (var t = 0; t < s; t++)
            {
                states[t] = stale[t] is { } docs ? states[t].WithDeleted(docs) : states[t];
            }
        }

        lock (index.writeLock)
        {
            foreach (var gone in states.Where(s => s.LiveCount == 0))
            {
                Retire(gone.Segment);
            }

            index.Publish(states.Where(s => s.LiveCount > 0).ToList());
        }

        return index;
    }

    /// <summary>Adds a segment whose documents replace any older copies of the same ids.</summary>
    internal void Add(Segment segment)
    {
        lock (writeLock)
        {
            var segments = new List<SegmentState>(snapshot.Segments);
            _ = DeleteSuperseded(segments, segment);
            segments.Add(SegmentState.Of(segment));
            Publish(segments);
        }
    }

    /// <summary>
    /// Puts <paramref name="merged"/> in place of <paramref name="sources"/> (adjacent segments), at the
    /// place of the newest of them, so that a later copy of an id still comes later. Documents changed
    /// while the merge ran are deleted in it. False, and nothing changed, when a source is gone.
    /// </summary>
    internal bool Replace(IReadOnlyList<SegmentState> sources, Segment merged)
    {
        lock (writeLock)
        {
            var segments = new List<SegmentState>(snapshot.Segments);
            var places = sources.Select(s => segments.FindIndex(x => ReferenceEquals(x.Segment, s.Segment))).ToList();
            if (places.Any(p => p < 0))
            {
                return false;
            }

            // A document changed or removed while the merge ran has no live copy in a source any more.
            var stale = new List<int>();
            for (var doc = 0; doc < merged.Count; doc++)
            {
                var (live, _) = Locate(segments, merged.Ids.Bytes(doc));
                if (live < 0 || !places.Contains(live))
                {
                    stale.Add(doc);
                }
            }

            var state = SegmentState.Of(merged);
            state = stale.Count == 0 ? state : state.WithDeleted(stale);
            if (state.LiveCount == 0)
            {
                Retire(merged);
            }

            segments[places.Max()] = state;
            foreach (var place in places.Where(p => p != places.Max()).OrderDescending())
            {
                segments.RemoveAt(place);
            }

            Publish(segments.Where(s => s.LiveCount > 0).ToList());
            return true;
        }
    }

    /// <summary>
    /// The stored bulletins of <paramref name="hits"/>, in order, read from the segments (without the
    /// store); null for a hit the index no longer holds or whose segment keeps no stored fields. A hit's
    /// document is read where the search found it while that copy is still the live one (no id is looked
    /// up, so a cold search never builds a segment's id table); else its id is looked up.
    /// </summary>
    internal IReadOnlyList<Bulletin?> ReadStored(IReadOnlyList<SearchHit> hits)
    {
        // A snapshot is consistent by itself, and holding it keeps its files open while they are read.
        var held = Acquire();
        try
        {
            var stored = new Bulletin?[hits.Count];
            for (var i = 0; i < hits.Count; i++)
            {
                var (segment, doc) = LiveWhereFound(held.Segments, hits[i]) ?? Locate(held.Segments, hits[i].BulletinId);
                stored[i] = segment < 0 ? null : held.Segments[segment].Segment.Stored(doc);
            }

            return stored;
        }
        finally
        {
            held.Release();
        }
    }

    private static (int Segment, int Doc)? LiveWhereFound(SegmentState[] segments, SearchHit hit)
    {
        for (var s = 0; hit.Segment is not null && s < segments.Length; s++)
        {
            if (ReferenceEquals(segments[s].Segment, hit.Segment))
            {
                return segments[s].IsDeleted(hit.Doc) ? null : (s, hit.Doc);
            }
        }

        return null;
    }

    /// <summary>Closes the segment files; searches still running keep theirs open until they end.</summary>
    public void Dispose()
    {
        lock (writeLock)
        {
            var current = snapshot;
            foreach (var state in current.Segments)
            {
                state.Segment.File?.Release();
            }

            snapshot = new IndexSnapshot([]);
            current.Release();
        }
    }

    private static void Retire(Segment segment)
    {
        if (segment.File is { } file)
        {
            file.Obsolete = true;
            file.Release();
        }
    }

    /// <summary>Deletes the older copies of <paramref name="newer"/>'s ids; returns the segments left
    /// with no live document, which are dropped.</summary>
    private static List<Segment> DeleteSuperseded(List<SegmentState> segments, Segment newer)
    {
        var stale = new List<int>?[segments.Count];
        for (var doc = 0; doc < newer.Count; doc++)
        {
            var (older, olderDoc) = Locate(segments, newer.Ids.Bytes(doc));
            if (older >= 0)
            {
                (stale[older] ??= []).Add(olderDoc);
            }
        }

        for (var i = 0; i < segments.Count; i++)
        {
            segments[i] = stale[i] is { } docs ? segments[i].WithDeleted(docs) : segments[i];
        }

        var dropped = segments.Where(s => s.LiveCount == 0).Select(s => s.Segment).ToList();
        segments.RemoveAll(s => s.LiveCount == 0);
        return dropped;
    }

}
