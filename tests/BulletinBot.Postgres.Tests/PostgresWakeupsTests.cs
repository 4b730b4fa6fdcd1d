using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Postgres.Tests;

public sealed class PostgresWakeupsTests
{
    private static readonly TimeSpan NoPoll = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_commit_on_another_connection_wakes_a_waiter_without_polling()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var wakeups = new PostgresWakeups(dataSource, TimeProvider.System, NullLogger<PostgresWakeups>.Instance);
        using var stop = new CancellationTokenSource();
        var listening = wakeups.RunAsync(stop.Token);
        await WaitUntil(() => wakeups.Listening);

        var woken = wakeups.WaitAsync(PostgresWakeups.Changes, NoPoll, CancellationToken.None);
        Assert.False(woken.IsCompleted);
        new PostgresBulletinStore(dataSource, TimeProvider.System).UpsertPages([new PageWrite([ChangeSequenceTests.Item(1)], null)]);

        await woken.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await listening;
    }

    [Fact]
    public async Task A_lost_connection_is_retried_and_every_waiter_looks_again_when_it_is_back()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var wakeups = new PostgresWakeups(dataSource, TimeProvider.System, NullLogger<PostgresWakeups>.Instance);
        using var stop = new CancellationTokenSource();
        var listening = wakeups.RunAsync(stop.Token);
        await WaitUntil(() => wakeups.Listening);
        var woken = wakeups.WaitAsync(PostgresWakeups.Outbox, NoPoll, CancellationToken.None);

        await using (var terminate = dataSource.CreateCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid() " +
            "AND datname = current_database()"))
        {
            await terminate.ExecuteNonQueryAsync();
        }

        // What was sent while no one listened is never replayed: the waiter is woken by the reconnection instead.
        await woken.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntil(() => wakeups.Listening);
        await stop.CancelAsync();
        await listening;
    }

    [Fact]
    public async Task Without_notifications_a_waiter_still_returns_after_its_poll_interval()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var wakeups = new PostgresWakeups(dataSource, TimeProvider.System, NullLogger<PostgresWakeups>.Instance);

        // Never started: nothing listens, as when the server is unreachable.
        await wakeups.WaitAsync(PostgresWakeups.Changes, TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(wakeups.Listening);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 30 s.");
            await Task.Delay(20);
        }
    }
}
