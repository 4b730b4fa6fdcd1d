using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>The wait for a durable commit, against LiteDB's own log writer on a real store file.</summary>
public sealed class LogDurabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-durable-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_log_writer_members_the_wait_reads_are_where_LiteDB_keeps_them()
    {
        // Reached by name: should an upgrade rename them, this fails rather than a kill after an upgrade finding out.
        Assert.NotNull(LogDurability.EngineDisk);
        Assert.NotNull(LogDurability.DiskQueue);
        Assert.NotNull(LogDurability.QueueIsEmpty);
        Assert.Equal(typeof(ManualResetEventSlim), LogDurability.QueueIsEmpty!.FieldType);
    }

    [Fact]
    public void After_the_wait_every_commit_so_far_is_in_the_log_with_its_confirmed_page()
    {
        var path = Path.Combine(_folder, "bulletins.db");
        using var database = BulletinDatabase.Open(path);
        var checkpoints = new CheckpointStore(database);

        // The new store's schema went in before: counted from here.
        database.WaitDurable();
        var before = File.Exists(LogFileStream.PathOf(path)) ? CountConfirmed(ReadLog(path)) : 0;
        var syncs = database.LogSyncs;
        for (var value = 1; value <= 50; value++)
        {
            checkpoints.Set("telegram.offset", value);
            database.WaitDurable();

            // Read as a recovery would: the last transaction in the log is whole and confirmed, and it was synced.
            var log = ReadLog(path);
            var last = log.Length / LogFileStream.PageSize - 1;
            Assert.True(last >= 0, $"commit {value}: the log is empty after the wait");
            Assert.NotEqual(0, log[(last * LogFileStream.PageSize) + LogFileStream.ConfirmedFlag]);
            Assert.Equal(before + value, CountConfirmed(log));

            // Each commit's confirmed page was synced after it was written, so each needed a sync of its own.
            Assert.True(database.LogSyncs - syncs >= value, $"commit {value}: {database.LogSyncs - syncs} syncs");
        }
    }

    private static int CountConfirmed(byte[] log) =>
        Enumerable.Range(0, log.Length / LogFileStream.PageSize).Count(place => log[(place * LogFileStream.PageSize) + LogFileStream.ConfirmedFlag] != 0);

    private static byte[] ReadLog(string path)
    {
        using var stream = new FileStream(LogFileStream.PathOf(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
