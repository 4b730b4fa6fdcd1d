using System.Collections.Concurrent;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// How much of the postings read from segment files stays in memory: up to a budget of bytes, then
/// the ones read longest ago are dropped (first in, first out) and read again if asked for. Without it
/// a long-running bot would end up holding every term any query ever touched. What counts is what the
/// heap holds (block tables, bitsets of frequent terms, decoded positions): the encoded postings stay
/// in the mapped file. The budget grows with the index: a sixteenth of the open segment files'
/// bytes, never less than the floor given.
/// </summary>
internal sealed class PostingsCache(long budgetBytes)
{
    /// <summary>The one cache of the process; its floor of 32 MB holds the postings of thousands of
    /// rare terms and of the few hundred most frequent ones at 100k items.</summary>
    public static PostingsCache Shared { get; } = new(32L << 20);

    private readonly ConcurrentQueue<(Segment Segment, int Ordinal, long Bytes)> admitted = new();
    private long held;
    private long indexBytes;

    public long HeldBytes => Interlocked.Read(ref held);

    /// <summary>The budget now: the floor, or a sixteenth of the open segment files, whichever is more.</summary>
    public long BudgetBytes => Math.Max(budgetBytes, Interlocked.Read(ref indexBytes) / 16);

    /// <summary>A segment file was opened; the budget grows with it.</summary>
    public void AddIndexBytes(long bytes) => Interlocked.Add(ref indexBytes, bytes);

    /// <summary>A segment file was closed.</summary>
    public void ForgetIndexBytes(long bytes) => Interlocked.Add(ref indexBytes, -bytes);

    public void Admit(Segment segment, int ordinal, TermPostings postings)
    {
        var bytes = postings.SizeInBytes;
        admitted.Enqueue((segment, ordinal, bytes));
        var budget = BudgetBytes;
        if (Interlocked.Add(ref held, bytes) <= budget)
        {
            return;
        }

        while (Interlocked.Read(ref held) > budget && admitted.TryDequeue(out var oldest))
        {
            oldest.Segment.Evict(oldest.Ordinal);
            Interlocked.Add(ref held, -oldest.Bytes);
        }
    }
}
