using BulletinBot.Core.Replicas;
using BulletinBot.TestPages;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Tests.Replicas;

public sealed class WorkLeaseTests
{
    [Fact]
    public async Task One_process_holds_a_name_once_until_it_gives_it_up()
    {
        var leases = new SingleProcessLeases();
        var first = await leases.TryTakeAsync(WorkLeaseNames.Leader, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await leases.TryTakeAsync(WorkLeaseNames.Leader, CancellationToken.None));
        var shard = await leases.TryTakeAsync(WorkLeaseNames.DiscordShard(1), CancellationToken.None);
        Assert.NotNull(shard);

        var lost = first!.Lost;
        await first.DisposeAsync();
        Assert.True(lost.IsCancellationRequested);
        var again = await leases.TryTakeAsync(WorkLeaseNames.Leader, CancellationToken.None);
        Assert.NotNull(again);
        await again!.DisposeAsync();
        await shard!.DisposeAsync();
    }

    [Fact]
    public async Task Work_waits_through_an_unreachable_store_and_a_held_lease_then_runs_again_after_a_loss()
    {
        using var leases = new ScriptedLeases(failures: 3);
        var log = new ListLogger<WorkLeaseTests>();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runs = 0;
        var secondRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = leases.RunWhileHeldAsync(
            "work",
            async token =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    leases.LoseCurrent();
                }
                else
                {
                    secondRun.TrySetResult();
                }

                await Task.Delay(Timeout.Infinite, token);
            },
            TimeProvider.System,
            log,
            stopping.Token);

        await secondRun.Task.WaitAsync(stopping.Token);
        Assert.Equal(2, runs);
        Assert.Equal(["throw", "throw", "throw", "null", "hold", "hold"], leases.Answers);

        // A store lost for several attempts is said once, and once when it is back; not at every attempt.
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cannot be reached", StringComparison.Ordinal));
        Assert.Single(log.Entries, e => e.Message.Contains("answers again after 3 failed attempt(s)", StringComparison.Ordinal));
        await stopping.CancelAsync();
        await running;
    }

    [Fact]
    public void Back_off_doubles_up_to_a_minute()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), WorkLeaseExtensions.BackOff(TimeSpan.FromSeconds(1), 1));
        Assert.Equal(TimeSpan.FromSeconds(8), WorkLeaseExtensions.BackOff(TimeSpan.FromSeconds(1), 4));
        Assert.Equal(TimeSpan.FromMinutes(1), WorkLeaseExtensions.BackOff(TimeSpan.FromSeconds(1), 40));
    }

    /// <summary>Leases that fail once, are held elsewhere once, then are taken; the current hold can be lost.</summary>
    private sealed class ScriptedLeases(int failures) : IWorkLeases, IDisposable
    {
        private CancellationTokenSource? _current;

        public List<string> Answers { get; } = [];

        public TimeSpan RetryEvery => TimeSpan.FromMilliseconds(5);

        public void LoseCurrent() => _current!.Cancel();

        public void Dispose() => _current?.Dispose();

        public Task<ILeaseHold?> TryTakeAsync(string name, CancellationToken cancellationToken)
        {
            if (Answers.Count < failures)
            {
                Answers.Add("throw");
                throw new IOException("connection refused");
            }

            switch (Answers.Count - failures)
            {
                case 0:
                    Answers.Add("null");
                    return Task.FromResult<ILeaseHold?>(null);
                default:
                    Answers.Add("hold");
                    _current?.Dispose();
                    _current = new CancellationTokenSource();
                    return Task.FromResult<ILeaseHold?>(new Hold(name, _current));
            }
        }

        private sealed class Hold(string name, CancellationTokenSource lost) : ILeaseHold
        {
            public string Name => name;

            public CancellationToken Lost => lost.Token;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
