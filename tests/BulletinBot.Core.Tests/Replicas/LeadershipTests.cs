using BulletinBot.Core.Replicas;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Core.Tests.Replicas;

/// <summary>One leader hold per process, shared by every piece of the leader's work.</summary>
public sealed class LeadershipTests
{
    [Fact]
    public async Task Every_piece_of_leader_work_runs_under_the_one_hold_and_a_lost_term_stops_them_until_the_next()
    {
        using var leases = new HandOverLeases();
        using var leadership = new Leadership(leases, TimeProvider.System, NullLogger<Leadership>.Instance);
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ingest = new TermLog();
        var announce = new TermLog();
        await leadership.StartAsync(stopping.Token);
        var ingesting = leadership.EachTermAsync(ingest.RunAsync, stopping.Token);
        var announcing = leadership.EachTermAsync(announce.RunAsync, stopping.Token);

        await ingest.Started(1).WaitAsync(stopping.Token);
        await announce.Started(1).WaitAsync(stopping.Token);
        Assert.True(leadership.Leading);
        Assert.Equal(1, leases.Taken);

        // The lease is lost (another replica took over): both stop; the next term starts both again.
        await leases.LoseAsync();
        await ingest.Stopped(1).WaitAsync(stopping.Token);
        await announce.Stopped(1).WaitAsync(stopping.Token);
        await ingest.Started(2).WaitAsync(stopping.Token);
        await announce.Started(2).WaitAsync(stopping.Token);
        Assert.Equal(2, leases.Taken);

        await stopping.CancelAsync();
        await Task.WhenAll(ingesting, announcing);
        await leadership.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Work_that_fails_mid_term_runs_again_while_the_term_lasts()
    {
        using var leadership = new Leadership(new SingleProcessLeases(), TimeProvider.System, NullLogger<Leadership>.Instance);
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await leadership.StartAsync(stopping.Token);
        var runs = 0;
        var again = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var working = leadership.EachTermAsync(
            async term =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    throw new InvalidOperationException("the server went away");
                }

                again.TrySetResult();
                await Task.Delay(Timeout.Infinite, term);
            },
            stopping.Token);

        await again.Task.WaitAsync(stopping.Token);
        await stopping.CancelAsync();
        await working;
        await leadership.StopAsync(CancellationToken.None);
        Assert.Equal(2, runs);
    }

    /// <summary>Records each term's start and end of one piece of work.</summary>
    private sealed class TermLog
    {
        private readonly TaskCompletionSource[] _started = [.. Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        private readonly TaskCompletionSource[] _stopped = [.. Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        private int _terms;

        public Task Started(int term) => _started[term].Task;

        public Task Stopped(int term) => _stopped[term].Task;

        public async Task RunAsync(CancellationToken term)
        {
            var number = Interlocked.Increment(ref _terms);
            _started[number].TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, term);
            }
            finally
            {
                _stopped[number].TrySetResult();
            }
        }
    }

    /// <summary>Leases whose current hold the test can make lost, as a replica's is when its session ends.</summary>
    private sealed class HandOverLeases : IWorkLeases, IDisposable
    {
        private CancellationTokenSource? _current;

        public int Taken { get; private set; }

        public TimeSpan RetryEvery => TimeSpan.FromMilliseconds(20);

        public Task<ILeaseHold?> TryTakeAsync(string name, CancellationToken cancellationToken)
        {
            if (_current is { IsCancellationRequested: false })
            {
                return Task.FromResult<ILeaseHold?>(null);
            }

            _current = new CancellationTokenSource();
            Taken++;
            return Task.FromResult<ILeaseHold?>(new Hold(name, _current));
        }

        public Task LoseAsync() => _current!.CancelAsync();

        public void Dispose() => _current?.Dispose();

        private sealed class Hold(string name, CancellationTokenSource lost) : ILeaseHold
        {
            public string Name => name;

            public CancellationToken Lost => lost.Token;

            public ValueTask DisposeAsync() => new(lost.CancelAsync());
        }
    }
}
