using BulletinBot.Telegram.Receiving;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Telegram.Tests.Receiving;

public sealed class UpdatePollerTests : IAsyncLifetime
{
    private readonly InstantTimeProvider time = new();
    private readonly MemoryOffsetStore offsets = new();
    private readonly RecordingSink sink = new();
    private readonly ListLogger<UpdatePoller> log = new();
    private readonly ListLogger<BulletinBot.Telegram.Api.TelegramApiClient> clientLog = new();
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private Task PollAsync(int polls)
    {
        var options = Clients.Options(fake, pollTimeout: 0);
        var poller = new UpdatePoller(Clients.For(options, time, clientLog), sink, offsets, options, time, log);
        return poller.RunAsync(CancellationToken.None, polls);
    }

    [Fact]
    public async Task Updates_of_one_chat_are_handled_in_order_and_the_offset_is_stored_once_they_are_handed_over()
    {
        var ids = new[] { fake.Enqueue(FakeUpdates.Private("one")), fake.Enqueue(FakeUpdates.Private("two")), fake.Enqueue(FakeUpdates.Private("three")) };

        await PollAsync(polls: 2);

        Assert.Equal(["one", "two", "three"], sink.Handled.Select(u => u.Message!.Text));
        Assert.Equal([ids[^1] + 1], offsets.Saved);
        Assert.Empty(offsets.Unfinished());
        var polls = fake.CallsTo("getUpdates");
        Assert.Equal(ids[^1] + 1, (int?)polls[^1].Body["offset"]);
        Assert.Contains("message", polls[0].Body["allowed_updates"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task A_malformed_update_is_logged_and_skipped_and_the_loop_goes_on()
    {
        fake.Enqueue(FakeUpdates.Private("before"));
        fake.EnqueueRaw(id => $$"""{"update_id":{{id}},"message":"not an object"}""");
        fake.EnqueueRaw(id => $$$"""{"update_id":{{{id}}},"message":{"message_id":1,"date":1,"text":"no chat"}}""");
        fake.EnqueueRaw(_ => """{"no_update_id":true}""");
        fake.EnqueueRaw(id => $$$"""{"update_id":{{{id}}},"message":{"message_id":2,"date":1,"chat":{"id":1,"type":"private"},"text":"{{{new string('x', 20_000)}}}"}}""");
        fake.Enqueue(FakeUpdates.Private("handler breaks"));
        var last = fake.Enqueue(FakeUpdates.Private("after"));
        sink.ThrowOn = u => u.Message?.Text == "handler breaks";

        await PollAsync(polls: 2);

        Assert.Equal(["before", "handler breaks", "after"], sink.Handled.Select(u => u.Message!.Text));
        Assert.Equal(last + 1, offsets.Offset);
        var warnings = log.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, w => w.Contains("unreadable JSON", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("without chat", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("no update_id", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("longer than Telegram allows", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("the handler broke", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_waits_its_retry_after_before_polling_again()
    {
        fake.Fail("getUpdates", 429, retryAfter: 7);
        fake.Enqueue(FakeUpdates.Private("after the wait"));

        await PollAsync(polls: 2);

        Assert.Equal(TimeSpan.FromSeconds(7), time.Waits[0]);
        Assert.Equal("after the wait", Assert.Single(sink.Handled).Message!.Text);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially_then_polling_resumes()
    {
        fake.Fail("getUpdates", 500);
        fake.Fail("getUpdates", 502);
        fake.Fail("getUpdates", 503);
        fake.Enqueue(FakeUpdates.Private("back"));

        await PollAsync(polls: 4);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], time.Waits.Take(3));
        Assert.Equal("back", Assert.Single(sink.Handled).Message!.Text);
    }

    [Fact]
    public async Task A_server_that_is_down_is_waited_for_and_the_token_is_never_logged()
    {
        fake.Down = true;
        await PollAsync(polls: 3);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], time.Waits);
        Assert.Empty(sink.Handled);

        fake.Down = false;
        fake.Enqueue(FakeUpdates.Private("up again"));
        await PollAsync(polls: 1);

        Assert.Equal("up again", Assert.Single(sink.Handled).Message!.Text);
        var secret = FakeBotApi.Token.Split(':')[1];
        Assert.DoesNotContain(secret, log.All, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, clientLog.All, StringComparison.Ordinal);
        Assert.Contains("getUpdates failed", log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_answers_that_come_back_at_once_are_paced_so_the_loop_never_spins()
    {
        await PollAsync(polls: 5);

        Assert.Equal(5, fake.CallsTo("getUpdates").Count);
        Assert.Equal(5, time.Waits.Count);
        Assert.All(time.Waits, wait => Assert.Equal(TimeSpan.FromSeconds(1), wait));
    }

    [Fact]
    public async Task A_restart_resumes_at_the_stored_offset_without_handling_an_update_twice()
    {
        fake.Enqueue(FakeUpdates.Private("first run"));
        await PollAsync(polls: 1);
        var stored = offsets.Offset;
        var second = fake.Enqueue(FakeUpdates.Private("second run"));
        var before = fake.LastSequence;

        await PollAsync(polls: 1);

        Assert.Equal(["first run", "second run"], sink.Handled.Select(u => u.Message!.Text));
        var resumed = await fake.WaitForAsync("getUpdates", before);
        Assert.Equal(stored, (int?)resumed.Body["offset"]);
        Assert.Equal(second + 1, offsets.Offset);
    }

    [Fact]
    public async Task A_token_refused_while_polling_stops_the_loop_at_once_and_reports_the_refusal()
    {
        var options = Clients.Options(fake, pollTimeout: 0);
        var connection = new BulletinBot.Core.Conversation.PlatformConnection("telegram");
        var poller = new UpdatePoller(Clients.For(options, time, clientLog), sink, offsets, options, time, log, connection);
        fake.Fail("getUpdates", 401);

        await poller.RunAsync(CancellationToken.None, maxPolls: 50);

        Assert.Single(fake.CallsTo("getUpdates"));
        Assert.Empty(time.Waits);
        Assert.True(connection.Refusal.IsCompleted);
        Assert.StartsWith("Telegram:BotToken was refused by Telegram (401 Unauthorized)", await connection.Refusal, StringComparison.Ordinal);
        Assert.False(connection.IsConnected);
    }
}
