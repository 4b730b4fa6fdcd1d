using System.Collections.Concurrent;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// How much of the postings read from segment files stays in memory: up to a budget of bytes, then
/// the ones read longest ago are dropped (first in, first out) and read again if asked for. Without it
/// a long-running bot would end up holding every term any query ever touched.
/// </summary>
internal sealed class PostingsCache(long budgetBytes)
{
    /// <summary>The one budget of the process; 32 MB holds the postings of thousands of rare terms
    /// and of the few hundred most frequent ones at 100k items.</summary>
    public static PostingsCache Shared { get; } = new(32L << 20);

    private readonly ConcurrentQueue<(Segment Segment, int Ordinal, long Bytes)> admitted = new();
    private long held;

    public long HeldBytes => Interlocked.Read(ref held);

    public void Admit(Segment segment, int ordinal, TermPostings postings)
    {
        var bytes = postings.SizeInBytes;
        admitted.Enqueue((segment, ordinal, bytes));
        if (Interlocked.Add(ref held, bytes) <= budgetBytes)
        {
            return;
        }

        while (Interlocked.Read(ref held) > budgetBytes && admitted.TryDequeue(out var oldest))
        {
            oldest.Segment.Evict(oldest.Ordinal);
            Interlocked.Add(ref held, -oldest.Bytes);
        }
    }
}
