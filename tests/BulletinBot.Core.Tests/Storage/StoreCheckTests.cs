using System.Text;
using BulletinBot.Core.Storage;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>The whole-store check behind health without a bot: damage that LiteDB reads without complaint is still found.</summary>
public sealed class StoreCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-check-").FullName;

    private string StorePath => Path.Combine(_folder, "bulletins.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_flipped_byte_in_an_items_title_is_found_although_LiteDB_reads_the_item()
    {
        var items = Enumerable.Range(1, 50).Select(i => Item($"Migration talks round {i}", Day(2018, 7, 1).AddDays(i))).ToList();
        using (var database = BulletinDatabase.Open(StorePath))
        {
            new BulletinStore(database, TimeProvider.System).UpsertBatch(items);
        }

        using (var intact = BulletinDatabase.Open(StorePath))
        {
            Assert.Equal(50, StoreCheck.ReadAll(intact, CancellationToken.None));
        }

        var bytes = File.ReadAllBytes(StorePath);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Migration talks round 17"));
        Assert.True(at > 0);
        bytes[at] ^= 0x55;
        File.WriteAllBytes(StorePath, bytes);

        using var damaged = BulletinDatabase.Open(StorePath);
        Assert.Equal(50, new BulletinStore(damaged, TimeProvider.System).All().Count());
        var error = Assert.Throws<StoreDamagedException>(() => StoreCheck.ReadAll(damaged, CancellationToken.None));
        Assert.Contains("is damaged (1 record(s)", error.Message, StringComparison.Ordinal);
    }
}
