using System.Diagnostics;
using BulletinBot.Core.Replicas;
using BulletinBot.Discord.Gateway;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>
/// The identify bucket on the real clock, one process's leases and marks: when the bucket's next Identify may go,
/// measured from the last one's mark or send. Lower bounds only, so a slow machine can lengthen a wait but never pass a
/// short one.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IdentifyGateTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task The_next_identify_of_a_bucket_waits_5_s_and_the_margin_from_when_the_last_one_was_sent_not_from_its_mark()
    {
        // Two replicas that share the marks but not the leases: the first one's lease died with it right after its
        // send, as a killed replica's does, so only the marks can space the second one's Identify.
        var marks = new SingleProcessPaceMarks(TimeProvider.System);
        var first = new IdentifyGate(TimeProvider.System, new ListLogger<IdentifyGate>(), new SingleProcessLeases(), marks);
        var second = new IdentifyGate(TimeProvider.System, new ListLogger<IdentifyGate>(), new SingleProcessLeases(), marks);
        var slot = await first.AcquireAsync(shardId: 0, maxConcurrency: 1, CancellationToken.None);
        await slot.IdentifyingAsync(CancellationToken.None);
        // The send takes a second, as a cold process's first send may.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await slot.IdentifiedAsync(CancellationToken.None);
        var sent = Stopwatch.StartNew();

        await second.AcquireAsync(shardId: 0, maxConcurrency: 1, CancellationToken.None);

        Assert.True(sent.Elapsed >= IdentifyGate.Spacing + IdentifyGate.MarkMargin - Slack, $"the next identify could go {sent.Elapsed} after the last was sent");
    }

    [Fact]
    public async Task A_session_that_ended_after_its_identify_was_attempted_keeps_the_bucket_5_s_even_when_the_store_took_no_mark()
    {
        var logger = new ListLogger<IdentifyGate>();
        var gate = new IdentifyGate(TimeProvider.System, logger, marks: new UnreachableMarks());
        var slot = await gate.AcquireAsync(shardId: 1, maxConcurrency: 1, CancellationToken.None);
        await slot.IdentifyingAsync(CancellationToken.None);
        var attempted = Stopwatch.StartNew();
        // The send failed (the socket dropped): the frame may still have reached Discord.
        slot.Ended();

        await gate.AcquireAsync(shardId: 1, maxConcurrency: 1, CancellationToken.None);

        Assert.True(attempted.Elapsed >= IdentifyGate.Spacing - Slack, $"the bucket was free again {attempted.Elapsed} after an Identify was attempted");
        Assert.Contains("could not be marked", logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_that_ended_before_any_identify_gives_its_bucket_back_at_once()
    {
        var gate = new IdentifyGate(TimeProvider.System, new ListLogger<IdentifyGate>());
        var slot = await gate.AcquireAsync(shardId: 0, maxConcurrency: 1, CancellationToken.None);
        var ended = Stopwatch.StartNew();
        // The connection failed before Hello: nothing was sent.
        slot.Ended();

        await gate.AcquireAsync(shardId: 0, maxConcurrency: 1, CancellationToken.None);

        Assert.True(ended.Elapsed < IdentifyGate.Spacing - TimeSpan.FromSeconds(1), $"an unused bucket was held {ended.Elapsed}");
    }

    [Fact]
    public async Task A_bucket_taken_and_then_stopped_while_waiting_out_the_last_identify_is_given_back()
    {
        // The first taker finds a mark an hour old in the making (a wait it never sees out); the next finds none.
        var marks = new ScriptedMarks(TimeSpan.FromHours(1), TimeSpan.Zero);
        var gate = new IdentifyGate(TimeProvider.System, new ListLogger<IdentifyGate>(), marks: marks);
        using var stop = new CancellationTokenSource();
        var waiting = gate.AcquireAsync(shardId: 0, maxConcurrency: 1, stop.Token);
        await marks.Asked.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // Kept by a slot nobody holds, the bucket would never be free again.
        var next = gate.AcquireAsync(shardId: 0, maxConcurrency: 1, CancellationToken.None);
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(30))));
    }

    /// <summary>Waits handed out in turn; <see cref="Asked"/> completes once the first was read.</summary>
    private sealed class ScriptedMarks(params TimeSpan[] waits) : IPaceMarks
    {
        private readonly Queue<TimeSpan> queue = new(waits);
        private readonly TaskCompletionSource asked = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Asked => asked.Task;

        public Task<TimeSpan> WaitBeforeAsync(string name, TimeSpan spacing, CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (queue)
            {
                wait = queue.Count > 0 ? queue.Dequeue() : TimeSpan.Zero;
            }

            asked.TrySetResult();
            return Task.FromResult(wait);
        }

        public Task MarkAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A store that cannot be reached: every read and mark throws, so the lease alone spaces identifies.</summary>
    private sealed class UnreachableMarks : IPaceMarks
    {
        public Task<TimeSpan> WaitBeforeAsync(string name, TimeSpan spacing, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the store cannot be reached");

        public Task MarkAsync(string name, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the store cannot be reached");
    }
}
