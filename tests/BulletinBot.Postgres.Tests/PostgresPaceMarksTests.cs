using BulletinBot.Core.Replicas;

namespace BulletinBot.Postgres.Tests;

/// <summary>Pace marks shared through the database, by its clock: what one replica marks, another waits out.</summary>
public sealed class PostgresPaceMarksTests
{
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_name_never_marked_needs_no_wait_and_one_marked_by_another_replica_needs_the_rest_of_the_spacing()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        await using var otherReplicaSource = Npgsql.NpgsqlDataSource.Create(dataSource.ConnectionString);
        var marking = new PostgresPaceMarks(otherReplicaSource);
        var waiting = new PostgresPaceMarks(dataSource);

        Assert.Equal(TimeSpan.Zero, await waiting.WaitBeforeAsync("discord:identify:0", Spacing, CancellationToken.None));
        var before = DateTime.UtcNow;
        await marking.MarkAsync("discord:identify:0", CancellationToken.None);
        var wait = await waiting.WaitBeforeAsync("discord:identify:0", Spacing, CancellationToken.None);
        var measured = DateTime.UtcNow - before;

        // Marked at most `measured` ago, so between spacing - measured and the whole spacing remain.
        Assert.InRange(wait, Spacing - measured - TimeSpan.FromMilliseconds(50), Spacing);
        Assert.Equal(TimeSpan.Zero, await waiting.WaitBeforeAsync("discord:identify:1", Spacing, CancellationToken.None));
        Assert.Equal(TimeSpan.Zero, await waiting.WaitBeforeAsync("discord:identify:0", TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Marking_again_moves_the_mark_forward()
    {
        await using var dataSource = await ChangeSequenceTests.OpenAsync();
        var marks = new PostgresPaceMarks(dataSource);
        await marks.MarkAsync("pace", CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var first = await marks.WaitBeforeAsync("pace", TimeSpan.FromMinutes(10), CancellationToken.None);

        await marks.MarkAsync("pace", CancellationToken.None);
        var second = await marks.WaitBeforeAsync("pace", TimeSpan.FromMinutes(10), CancellationToken.None);

        // The first mark is 300 ms old or more; the second only a round trip.
        Assert.True(second - first > TimeSpan.FromMilliseconds(150), $"{second} after marking again, {first} before");
    }
}
