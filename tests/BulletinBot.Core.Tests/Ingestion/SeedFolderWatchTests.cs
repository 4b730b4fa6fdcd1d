using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Tests.Announcing;

namespace BulletinBot.Core.Tests.Ingestion;

/// <summary>Pages dropped into the seeds folder, as the watched folder reads them.</summary>
public sealed class SeedFolderWatchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("seeds-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Each item on a day of its own: an item with the date and the body of a stored one is taken as its edit (ItemIdentity).
    private static string Page(params string[] titles) => Page(10, titles);

    private static string Page(int firstDay, params string[] titles) =>
        "Cuba in USA\n\n" + string.Join("\n\n", titles.Select((t, i) => $"{t}\n\nOn July {firstDay + i}, 2018, the delegations met in Havana and reviewed the agenda.")) + "\n";

    private void Drop(string name, string text, bool settled = true)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        if (settled)
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        }
    }

    [Fact]
    public async Task A_new_page_is_announced_once_per_target_and_the_same_page_again_announces_nothing()
    {
        using var rig = new AnnouncingRig();
        var source = new SeedFolderSource(_folder, TimeSpan.FromSeconds(2));
        Drop("a.txt", Page(1, "Old talks"));
        await rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);
        rig.Start("telegram:-1001", "discord:42");

        Drop("b.txt", Page("Migration talks", "Trade fair"));
        await rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);
        await rig.RunUntilQuietAsync();
        Drop("c.txt", Page("Migration talks", "Trade fair"));
        await rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);
        await rig.RunUntilQuietAsync();

        Assert.Equal(["Migration talks", "Trade fair"], rig.Telegram.ItemsTo("-1001").Order());
        Assert.Equal(["Migration talks", "Trade fair"], rig.Discord.ItemsTo("42").Order());
    }

    [Fact]
    public async Task A_page_still_being_written_is_left_for_a_later_round()
    {
        using var rig = new AnnouncingRig();
        var source = new SeedFolderSource(_folder, TimeSpan.FromMinutes(5));
        await rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);
        Drop("half.txt", "Cuba in USA\n\nMigration talks\n\nOn July 11, 2018, the deleg", settled: false);

        var report = await rig.Archive.Ingestor.IngestAsync(source, CancellationToken.None);

        Assert.Equal(0, report.Pages);
        Assert.Equal(1, source.Unsettled);
        Assert.Equal(0, rig.Archive.Store.Count());
    }
}
