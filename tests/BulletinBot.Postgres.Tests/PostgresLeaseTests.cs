using Npgsql;

namespace BulletinBot.Postgres.Tests;

public sealed class PostgresLeaseTests
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task One_replica_holds_the_lease_and_another_takes_it_when_it_is_released()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        await using var first = new PostgresLease(dataSource, "dispatch", Takeover, TimeProvider.System);
        await using var second = new PostgresLease(dataSource, "dispatch", Takeover, TimeProvider.System);
        await using var other = new PostgresLease(dataSource, "ingest", Takeover, TimeProvider.System);

        var held = await first.TryTakeAsync(CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.TryTakeAsync(CancellationToken.None));
        Assert.NotNull(await other.TryTakeAsync(CancellationToken.None));

        await first.ReleaseAsync();
        Assert.True(held.Value.IsCancellationRequested);
        Assert.NotNull(await second.TryTakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_holder_whose_session_ends_stops_and_the_lease_passes_on()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        await using var first = new PostgresLease(dataSource, "dispatch", Takeover, TimeProvider.System);
        await using var second = new PostgresLease(dataSource, "dispatch", Takeover, TimeProvider.System);
        var held = (await first.TryTakeAsync(CancellationToken.None))!.Value;

        // The server ends the holder's session, as it does for a replica killed with -9 or silent past the timeout
        // (only in this test's database: the cluster is shared with other classes, whose migrations hold advisory locks).
        await using (var terminate = dataSource.CreateCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
        {
            await terminate.ExecuteNonQueryAsync();
        }

        var stopped = new TaskCompletionSource();
        held.Register(() => stopped.TrySetResult());
        await stopped.Task.WaitAsync(Takeover * 2);

        CancellationToken? taken = null;
        for (var attempt = 0; taken is null && attempt < 50; attempt++)
        {
            taken = await second.TryTakeAsync(CancellationToken.None);
            if (taken is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_silent_session_is_ended_by_the_server_within_the_takeover_time()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        await using var holder = new NpgsqlConnection(dataSource.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("SET idle_session_timeout = 1000; SELECT pg_advisory_lock(42)", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        // The holder now says nothing, like a frozen replica; a waiter gets the lock once the server ends that session.
        await using var waiter = await dataSource.OpenConnectionAsync();
        await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(42)", waiter) { CommandTimeout = 30 };
        await wait.ExecuteNonQueryAsync();
    }
}
