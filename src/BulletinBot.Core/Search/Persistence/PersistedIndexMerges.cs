using Microsoft.Extensions.Logging;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Persistence;

// Background merging: keeps the number of segments small without blocking searches, which go on
// reading the snapshot they hold while a merge writes its new file.
internal sealed partial class PersistedIndex
{
    private readonly MergeLoop merges;

    /// <summary>Completes when no merge is running or due; for tests and for shutting down.</summary>
    public Task MergesIdle => merges.Idle;

    /// <summary>Merges one group of segments if the policy picks one; false when none is due.</summary>
    internal bool MergeOnce()
    {
        var snapshot = Index.Acquire();
        try
        {
            if (MergePolicy.Pick(snapshot.Segments) is not { } pick)
            {
                return false;
            }

            var sources = snapshot.Segments.AsSpan(pick.Start, pick.Count).ToArray();
            var (builder, fillTerm) = SegmentMerger.Prepare(sources, keepStored: true);
            var merged = WriteSegment(builder, fillTerm);
            lock (manifestLock)
            {
                if (Index.Replace(sources, merged))
                {
                    WriteManifest();
                    return true;
                }
            }

            // A source was wholly superseded meanwhile; the next round picks again.
            merged.File!.Obsolete = true;
            merged.File.Release();
            return true;
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <summary>One merge at a time, on the thread pool, started by <see cref="Poke"/> after a change.</summary>
    private sealed class MergeLoop(PersistedIndex owner) : IDisposable
    {
        private readonly Lock gate = new();
        private readonly CancellationTokenSource stopping = new();
        private Task running = Task.CompletedTask;
        private bool pending;
        private bool active;
        private bool failed;

        public Task Idle
        {
            get
            {
                lock (gate)
                {
                    return running;
                }
            }
        }

        public void Poke()
        {
            lock (gate)
            {
                pending = true;
                if (active || failed || stopping.IsCancellationRequested)
                {
                    return;
                }

                active = true;
                running = Task.Run(Run);
            }
        }

        public void Dispose()
        {
            Task last;
            lock (gate)
            {
                stopping.Cancel();
                last = running;
            }

            // A merge under way finishes its file; one not begun is not started. Run never faults.
            last.Wait(TimeSpan.FromMinutes(2));
        }

        private void Run()
        {
            while (true)
            {
                lock (gate)
                {
                    if (!pending || stopping.IsCancellationRequested)
                    {
                        active = false;
                        return;
                    }

                    pending = false;
                }

                try
                {
                    while (!stopping.IsCancellationRequested && owner.MergeOnce())
                    {
                    }
                }
                catch (Exception exception)
                {
                    // Merging is an optimisation: searches stay correct over more segments, so no
                    // failure here may end the process.
                    owner.logger.LogWarning(exception, "Search index: merging segments failed; they stay as they are until the next start");
                    lock (gate)
                    {
                        failed = true;
                        active = false;
                        return;
                    }
                }
            }
        }
    }
}

/// <summary>
/// Which adjacent segments to merge, after Lucene's log-structured policy: segments fall into tiers by
/// their live size (powers of <see cref="Factor"/>); <see cref="Factor"/> adjacent segments of one tier
/// are merged into one of the next, so there are a few segments per tier and each document is
/// rewritten once per tier. A segment with over a third of its documents deleted is rewritten alone,
/// and past <see cref="MaxSegments"/> the newest are merged whatever their sizes.
/// </summary>
internal static class MergePolicy
{
    public const int Factor = 4;
    public const int MaxSegments = 12;

    /// <summary>Only adjacent segments merge: the merged one takes the place of the newest of them.</summary>
    public static (int Start, int Count)? Pick(IReadOnlyList<SegmentState> segments)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].DeletedCount * 3 > segments[i].Segment.Count)
            {
                return (i, 1);
            }
        }

        var end = segments.Count;
        while (end > 0)
        {
            var tier = Tier(segments[end - 1]);
            var start = end - 1;
            while (start > 0 && Tier(segments[start - 1]) == tier)
            {
                start--;
            }

            if (end - start >= Factor)
            {
                return (end - Factor, Factor);
            }

            end = start;
        }

        return segments.Count > MaxSegments ? (segments.Count - Factor, Factor) : null;
    }

    private static int Tier(SegmentState state)
    {
        var tier = 0;
        for (long size = Factor; size <= state.LiveCount; size *= Factor)
        {
            tier++;
        }

        return tier;
    }
}
