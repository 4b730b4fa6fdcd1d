using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Search;

// What a persisted index does with whole segments: open them, add one per batch of changes, swap a
// merge in. Deletions are not written anywhere: a document is superseded by a later segment that holds
// the same id, so opening the segments in order rebuilds the deletions exactly.
public sealed partial class SearchIndex : IDisposable
{
    /// <summary>An index over segments read from files, oldest first; a later copy of an id wins.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static SearchIndex Open(IReadOnlyList<Segment> segments)
    {
        // One pass over the ids, which a cold start pays for: optimised at once rather than tiered.
        var index = new SearchIndex(segments.Sum(s => s.Count));
        var stale = new List<int>[segments.Count];
        var places = new Dictionary<Segment, int>(ReferenceEqualityComparer.Instance);
        lock (index.writeLock)
        {
            for (var s = 0; s < segments.Count; s++)
            {
                var segment = segments[s];
                places[segment] = s;
                var ids = segment.Ids;
                for (var doc = 0; doc < ids.Length; doc++)
                {
                    ref var location = ref CollectionsMarshal.GetValueRefOrAddDefault(index.locations, ids[doc], out var exists);
                    if (exists)
                    {
                        (stale[places[location.Segment]] ??= []).Add(location.Doc);
                    }

                    location = new DocLocation(segment, doc);
                }
            }

            var states = new List<SegmentState>(segments.Count);
            for (var s = 0; s < segments.Count; s++)
            {
                var state = SegmentState.Of(segments[s]);
                state = stale[s] is { } docs ? state.WithDeleted(docs) : state;
                if (state.LiveCount > 0)
                {
                    states.Add(state);
                }
                else
                {
                    Retire(segments[s]);
                }
            }

            index.Publish(states, located: true);
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

            var merging = new HashSet<Segment>(sources.Select(s => s.Segment), ReferenceEqualityComparer.Instance);
            var stale = new List<int>();
            for (var doc = 0; doc < merged.Count; doc++)
            {
                if (!locations.TryGetValue(merged.Ids[doc], out var location) || !merging.Contains(location.Segment))
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
    /// The stored bulletins of <paramref name="ids"/>, in order, read from the segments (without the
    /// store); null for an id the index does not hold or whose segment keeps no stored fields.
    /// </summary>
    internal IReadOnlyList<Bulletin?> ReadStored(IReadOnlyList<string> ids)
    {
        var found = new (Segment? Segment, int Doc)[ids.Count];
        IndexSnapshot held;
        lock (writeLock)
        {
            // Under the lock the locations and the current snapshot agree; holding the snapshot keeps
            // the files open while they are read outside it.
            held = Acquire();
            for (var i = 0; i < ids.Count; i++)
            {
                found[i] = locations.TryGetValue(ids[i], out var location) ? (location.Segment, location.Doc) : (null, 0);
            }
        }

        try
        {
            return found.Select(f => f.Segment?.Stored(f.Doc)).ToList();
        }
        finally
        {
            held.Release();
        }
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
            locations.Clear();
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
    private List<Segment> DeleteSuperseded(List<SegmentState> segments, Segment newer)
    {
        var stale = new Dictionary<Segment, List<int>>(ReferenceEqualityComparer.Instance);
        foreach (var id in newer.Ids)
        {
            if (locations.Remove(id, out var location))
            {
                if (!stale.TryGetValue(location.Segment, out var docs))
                {
                    stale[location.Segment] = docs = [];
                }

                docs.Add(location.Doc);
            }
        }

        foreach (var (segment, docs) in stale)
        {
            var i = segments.FindIndex(s => ReferenceEquals(s.Segment, segment));
            segments[i] = segments[i].WithDeleted(docs);
        }

        var dropped = segments.Where(s => s.LiveCount == 0).Select(s => s.Segment).ToList();
        segments.RemoveAll(s => s.LiveCount == 0);
        return dropped;
    }

}
