using System.Globalization;
using BulletinBot.Core.Storage;
using BulletinBot.Telegram.Receiving;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Tests.Receiving;

/// <summary>Per-chat queues behind the poller: chats do not wait for one another, and nothing taken is lost.</summary>
public sealed class UpdateLanesTests : IAsyncLifetime
{
    private const long Slow = 1001;
    private readonly InstantTimeProvider time = new();
    private readonly MemoryOffsetStore offsets = new();
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private UpdatePoller Poller(IUpdateSink sink)
    {
        var options = Clients.Options(fake, pollTimeout: 0);
        return new UpdatePoller(Clients.For(options, time), sink, offsets, options, time, new ListLogger<UpdatePoller>());
    }

    private int Enqueue(long chat, string text) => fake.Enqueue(FakeUpdates.Message(chat, "private", text));

    [Fact]
    public async Task A_chat_whose_answer_waits_holds_up_only_itself_and_keeps_its_order()
    {
        using var sink = new HoldingSink(Slow);
        Enqueue(Slow, "slow 1");
        Enqueue(Slow, "slow 2");
        Enqueue(2002, "other");
        Enqueue(3003, "third");

        var run = Poller(sink).RunAsync(CancellationToken.None, maxPolls: 1);
        await Eventually.TrueAsync(() => sink.Texts.Contains("other") && sink.Texts.Contains("third"), "the other chats answered");

        // The slow chat's second update waits behind its first, which is still being answered.
        Assert.DoesNotContain("slow 2", sink.Texts);
        sink.Release();
        await run;

        var texts = sink.Texts;
        Assert.True(texts.IndexOf("slow 1") < texts.IndexOf("slow 2"), string.Join(", ", texts));
    }

    [Fact]
    public async Task An_update_taken_but_not_answered_when_the_process_dies_is_answered_after_the_restart()
    {
        using var crashed = new HoldingSink(Slow);
        var held = Enqueue(Slow, "held");
        Enqueue(2002, "answered");
        var dying = Poller(crashed).RunAsync(CancellationToken.None, maxPolls: 1);
        await Eventually.TrueAsync(() => crashed.Texts.Contains("answered"), "the other chat answered");

        // Telegram was told the offset past both, so only the store still has the held one.
        Assert.Equal(held + 2, offsets.Offset);
        Assert.Equal(held, Assert.Single(offsets.Unfinished()).Id);

        var restarted = new HoldingSink(hold: null);
        var before = fake.LastSequence;
        await Poller(restarted).RunAsync(CancellationToken.None, maxPolls: 1);

        Assert.Equal(["held"], restarted.Texts);
        Assert.Equal(held + 2, (int?)(await fake.WaitForAsync("getUpdates", before)).Body["offset"]);
        Assert.Empty(offsets.Unfinished());
        crashed.Release();
        await dying;
    }

    [Fact]
    public void The_store_keeps_handed_over_updates_and_the_offset_together_until_each_is_finished()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new CheckpointOffsetStore(database, new CheckpointStore(database));

        store.Accept([new PendingUpdate(7, "1", "{\"update_id\":7}"), new PendingUpdate(9, "2", "{\"update_id\":9}")], 10);
        store.Finished(7);

        Assert.Equal(10, store.Load());
        var left = Assert.Single(store.Unfinished());
        Assert.Equal((9, "2", "{\"update_id\":9}"), (left.Id, left.Lane, left.Json));
    }

    /// <summary>Records what it answers; the updates of one chat wait until released.</summary>
    private sealed class HoldingSink(long? hold) : IUpdateSink, IDisposable
    {
        private readonly List<string> texts = [];
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Texts
        {
            get
            {
                lock (texts)
                {
                    return [.. texts];
                }
            }
        }

        public void Release() => released.TrySetResult();

        public ValueTask<UpdateAdmission> AdmitAsync(Update update, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new UpdateAdmission(update.Message!.Chat.Id.ToString(CultureInfo.InvariantCulture)));

        public async Task HandleAsync(Update update, CancellationToken cancellationToken)
        {
            if (update.Message!.Chat.Id == hold)
            {
                await released.Task.WaitAsync(cancellationToken);
            }

            lock (texts)
            {
                texts.Add(update.Message.Text!);
            }
        }

        public Task RefuseAsync(Update update, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => Release();
    }
}
