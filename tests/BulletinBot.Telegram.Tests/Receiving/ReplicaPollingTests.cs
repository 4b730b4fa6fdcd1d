using BulletinBot.Core.Replicas;
using BulletinBot.Telegram.Receiving;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Tests.Receiving;

/// <summary>
/// Two bots on one shared store and shared leases, against a Bot API fake that answers 409 to a second getUpdates
/// consumer, as Telegram does: only the lease holder polls, and polling moves over without an update answered twice
/// or lost.
/// </summary>
public sealed class ReplicaPollingTests : IAsyncLifetime
{
    private const string Lease = WorkLeaseNames.TelegramUpdates;
    private readonly MemoryOffsetStore shared = new();
    private readonly ReplicaLeases leases = new();
    private readonly List<UpdatePoller> started = [];
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var poller in started)
        {
            await poller.StopAsync(CancellationToken.None);
            poller.Dispose();
        }

        await fake.DisposeAsync();
    }

    private async Task<UpdatePoller> StartAsync(string replica, IUpdateSink sink)
    {
        var options = Clients.Options(fake, pollTimeout: 1);
        var time = TimeProvider.System;
        var poller = new UpdatePoller(Clients.For(options, time), sink, shared, options, time, new ListLogger<UpdatePoller>(),
            leases: leases.For(replica));
        started.Add(poller);
        await poller.StartAsync(CancellationToken.None);
        return poller;
    }

    private List<int> Enqueue(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => fake.Enqueue(FakeUpdates.Private($"{prefix} {i}")))];

    [Fact]
    public async Task Only_the_lease_holder_polls_and_the_other_bot_takes_over_when_it_stops()
    {
        var sinkA = new AnsweringSink();
        var sinkB = new AnsweringSink();
        var a = await StartAsync("a", sinkA);
        await Eventually.TrueAsync(() => leases.Holder(Lease) == "a", "bot a polls");
        await StartAsync("b", sinkB);
        var first = Enqueue("before", 5);
        await Eventually.TrueAsync(() => sinkA.Answered.Count == 5, "bot a answers the first updates");
        await Eventually.TrueAsync(() => leases.Refusals("b") >= 2, "bot b waits for the lease");

        await a.StopAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => leases.Holder(Lease) == "b", "bot b polls once bot a stopped");
        var second = Enqueue("after", 5);
        await Eventually.TrueAsync(() => sinkB.Answered.Count == 5, "bot b answers the next updates");

        Assert.Equal(first, sinkA.Answered);
        Assert.Equal(second, sinkB.Answered);
        Assert.Empty(shared.Unfinished());
        Assert.Equal(0, fake.PollConflicts);
    }

    [Fact]
    public async Task A_bot_that_loses_its_lease_mid_answer_leaves_the_update_to_the_other_which_answers_each_once()
    {
        var sinkA = new AnsweringSink { Stall = true };
        var sinkB = new AnsweringSink();
        await StartAsync("a", sinkA);
        await Eventually.TrueAsync(() => leases.Holder(Lease) == "a", "bot a polls");
        await StartAsync("b", sinkB);
        var ids = Enqueue("taken by a", 3);
        await Eventually.TrueAsync(() => shared.Unfinished().Count == 3 && sinkA.Stalled > 0, "bot a took the updates and answers the first");

        leases.Kill("a");
        await Eventually.TrueAsync(() => sinkB.Answered.Count == 3, "bot b answers what bot a left");
        var later = Enqueue("after the handover", 2);
        await Eventually.TrueAsync(() => sinkB.Answered.Count == 5, "bot b polls on");

        Assert.Empty(sinkA.Answered);
        Assert.Equal([.. ids, .. later], sinkB.Answered);
        Assert.Empty(shared.Unfinished());
        Assert.Equal(0, fake.PollConflicts);
    }

    [Fact]
    public async Task A_409_from_another_poller_is_logged_once_and_retried_with_back_off()
    {
        var log = new ListLogger<UpdatePoller>();
        var time = new InstantTimeProvider();
        var options = Clients.Options(fake, pollTimeout: 0);
        var sink = new AnsweringSink();
        for (var i = 0; i < 3; i++)
        {
            fake.Fail("getUpdates", 409);
        }

        var id = fake.Enqueue(FakeUpdates.Private("after the conflict"));
        var poller = new UpdatePoller(Clients.For(options, time), sink, shared, options, time, log);

        await poller.RunAsync(CancellationToken.None, maxPolls: 4);

        Assert.Equal([id], sink.Answered);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], time.Waits.Take(3));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("409", StringComparison.Ordinal));
    }

    /// <summary>Records the ids it answered; with <see cref="Stall"/> it never finishes an answer until it is cancelled.</summary>
    private sealed class AnsweringSink : IUpdateSink
    {
        private readonly List<int> answered = [];
        private int stalled;

        public bool Stall { get; init; }

        public int Stalled => Volatile.Read(ref stalled);

        public IReadOnlyList<int> Answered
        {
            get
            {
                lock (answered)
                {
                    return [.. answered];
                }
            }
        }

        public ValueTask<UpdateAdmission> AdmitAsync(Update update, CancellationToken cancellationToken) => ValueTask.FromResult(new UpdateAdmission("chat"));

        public Task RefuseAsync(Update update, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task HandleAsync(Update update, CancellationToken cancellationToken)
        {
            if (Stall)
            {
                Interlocked.Increment(ref stalled);
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            lock (answered)
            {
                answered.Add(update.Id);
            }
        }
    }
}
