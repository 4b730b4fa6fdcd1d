using System.Text;
using BulletinBot.Core.Ingestion;

namespace BulletinBot.Core.Tests.Ingestion;

/// <summary>A page read again after a correction updates its item in place; a feed entry is recognised by its own id.</summary>
public sealed class EditedPageIngestTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edited-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Page = """
        Cuba in USA

        Cuba hands over a US citizen claimed by Interpol

        On November 6, 2018, the government of Cuba handed over to the United States a citizen wanted for serious crimes.

        Cuban Foreign Minister met with the Chairman of the U.S. Senate Committee on Foreign Relations

        The Minister of Foreign Affairs met, on September 19, 2018, with Senator Robert Corker.
        """;

    [Fact]
    public async Task A_page_whose_title_was_corrected_updates_its_item_and_adds_none()
    {
        using var archive = new Archive();
        File.WriteAllText(Path.Combine(_folder, "usa.txt"), Page);
        await archive.IngestAsync(_folder);
        var id = archive.Store.Latest(null, 1)[0].Id;

        File.WriteAllText(Path.Combine(_folder, "usa.txt"), Page.Replace("claimed by", "wanted by", StringComparison.Ordinal));
        var report = await archive.IngestAsync(_folder);

        Assert.Equal((0, 1), (report.Added, report.Updated));
        Assert.Equal(2, archive.Store.Count());
        Assert.Equal("Cuba hands over a US citizen wanted by Interpol", archive.Store.Get(id)!.Title);
    }

    [Fact]
    public async Task A_page_whose_body_was_corrected_updates_its_item_and_adds_none()
    {
        using var archive = new Archive();
        File.WriteAllText(Path.Combine(_folder, "usa.txt"), Page);
        await archive.IngestAsync(_folder);

        File.WriteAllText(Path.Combine(_folder, "usa.txt"), Page.Replace("serious crimes", "grave crimes", StringComparison.Ordinal));
        var report = await archive.IngestAsync(_folder);

        Assert.Equal((0, 1), (report.Added, report.Updated));
        Assert.Equal(2, archive.Store.Count());
    }

    private static string Rss(string title, string guid) => $"""
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>Embassy news</title>
        <item><guid isPermaLink="false">{guid}</guid><title>{title}</title><link>https://example.org/n/1</link>
        <description>The embassy hosted a forum on trade.</description><pubDate>Wed, 11 Jul 2018 10:00:00 +0000</pubDate></item>
        </channel></rss>
        """;

    [Fact]
    public void A_feed_entry_keeps_its_id_when_its_title_changes()
    {
        var before = FeedReader.Read(Rss("Embassy hosts a forum on trade", "news-1"), null).Items.Single();
        var after = FeedReader.Read(Rss("Embassy hosts its second trade forum of the year", "news-1"), null).Items.Single();
        var other = FeedReader.Read(Rss("Embassy hosts a forum on trade", "news-2"), null).Items.Single();

        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.Id, other.Id);
    }

    [Fact]
    public void An_atom_entry_is_recognised_by_its_id()
    {
        static string Atom(string title) => $"""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Embassy</title>
            <entry><id>tag:example.org,2018:1</id><title>{title}</title><updated>2018-07-11T10:00:00Z</updated><summary>Text.</summary></entry></feed>
            """;

        Assert.Equal(FeedReader.Read(Atom("First title"), null).Items.Single().Id, FeedReader.Read(Atom("Quite another title"), null).Items.Single().Id);
    }

    [Fact]
    public void A_feed_entry_whose_title_changed_stays_one_stored_item()
    {
        using var archive = new Archive();
        var first = FeedReader.Read(Rss("Embassy hosts a forum on trade", "news-1"), null);
        var second = FeedReader.Read(Rss("Embassy hosts its second trade forum of the year", "news-1"), null);

        archive.Store.UpsertBatch(first.Items);
        var result = archive.Store.UpsertBatch(second.Items);

        Assert.Equal((0, 1), (result.Added.Count, result.Updated.Count));
        Assert.Equal(1, archive.Store.Count());
        Assert.Equal("Embassy hosts its second trade forum of the year", archive.Store.Get(first.Items[0].Id)!.Title);
    }
}
