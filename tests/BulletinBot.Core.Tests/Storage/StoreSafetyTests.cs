using System.Security.Cryptography;
using BulletinBot.Core.Storage;
using LiteDB;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>One owner per store, and never a write into a file that is not ours.</summary>
public sealed class StoreSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-safety-").FullName;

    private string StorePath => Path.Combine(_folder, "bulletins.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_second_open_of_a_held_store_is_refused_naming_the_holder_and_succeeds_once_it_is_released()
    {
        using (var first = BulletinDatabase.Open(StorePath, "chat"))
        {
            var error = Assert.Throws<StorageException>(() => BulletinDatabase.Open(StorePath, "ask"));

            Assert.Contains($"in use by process {Environment.ProcessId} (chat", error.Message, StringComparison.Ordinal);
            Assert.Equal(new StoreOwner(Environment.ProcessId, "chat", default).ProcessId, StoreLock.ReadOwner(StorePath)!.ProcessId);
        }

        using var second = BulletinDatabase.Open(StorePath, "ask");
        Assert.Equal("ask", StoreLock.ReadOwner(StorePath)!.Role);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("random")]
    [InlineData("short")]
    public void A_file_that_is_not_a_litedb_file_is_refused_and_left_untouched(string kind)
    {
        byte[] content = kind switch
        {
            "csv" => "date,title\n2018-08-09,Interpol\n2018-07-11,Migration talks\n"u8.ToArray(),
            "random" => RandomNumberGenerator.GetBytes(64 * 1024),
            _ => "x"u8.ToArray(),
        };
        File.WriteAllBytes(StorePath, content);

        var error = Assert.Throws<StorageException>(() => BulletinDatabase.Open(StorePath));

        Assert.Contains("not a BulletinBot store", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(StorePath));
    }

    [Fact]
    public void A_litedb_file_of_another_program_is_refused_and_left_untouched()
    {
        using (var other = new LiteDatabase(StorePath))
        {
            other.GetCollection("customers").Insert(new BsonDocument { ["name"] = "Ada" });
        }

        var before = SHA256.HashData(File.ReadAllBytes(StorePath));

        var error = Assert.Throws<StorageException>(() => BulletinDatabase.Open(StorePath));

        Assert.Contains("another program", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(StorePath)));
    }

    [Fact]
    public void A_folder_as_the_store_path_is_one_clear_error()
    {
        var error = Assert.Throws<StorageException>(() => BulletinDatabase.Open(_folder));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_store_is_salvaged_into_a_new_one_with_its_offsets()
    {
        using (var database = BulletinDatabase.Open(StorePath))
        {
            new CheckpointStore(database).Set("telegram.offset", 42);
            new BulletinStore(database, TimeProvider.System).UpsertBatch(
                Enumerable.Range(1, 400).Select(i => Item($"Item {i}", Day(2020, 1, 1).AddDays(i), new string('x', 300) + $" {i}.")).ToList());
        }

        // Garbage over the last pages, where the newest items are.
        var length = new FileInfo(StorePath).Length;
        using (var file = new FileStream(StorePath, FileMode.Open))
        {
            file.Position = length - (3 * 8192);
            file.Write(RandomNumberGenerator.GetBytes(2 * 8192));
        }

        var damaged = StorePath + ".damaged";
        File.Move(StorePath, damaged);
        using var fresh = BulletinDatabase.Open(StorePath);
        var store = new BulletinStore(fresh, TimeProvider.System);

        var report = StoreRecovery.Salvage(damaged, null, fresh, store);

        Assert.InRange(report.Items, 1, 400);
        Assert.Equal(report.Items, store.Count());
        Assert.Equal(report.Items, store.All().Count());
        Assert.Equal(42, new CheckpointStore(fresh).Get("telegram.offset"));
        Assert.True(File.Exists(damaged));
    }
}
