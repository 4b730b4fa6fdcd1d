using BulletinBot.Core.Search;

namespace BulletinBot.Tests;

/// <summary>The rebuild verb with a search index beside the store: the index goes with the old store,
/// and the first search after the rebuild builds one for the new store.</summary>
public sealed class RebuildTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    private string Manifest => Path.Combine(BulletinSearch.IndexFolder(_host.StorePath), "manifest");

    [Fact]
    public async Task Search_answers_the_same_after_a_rebuild_from_an_index_of_the_new_store()
    {
        Assert.Equal(0, (await _host.RunAsync("", "ingest")).ExitCode);
        var (_, before, _) = await _host.RunAsync("", "ask", "search migration");
        var oldStore = StoreLine();

        var (code, output, _) = await _host.RunAsync("", "rebuild");
        Assert.Equal(0, code);
        Assert.Contains("Moved the old store to", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Manifest));

        var (searchCode, after, _) = await _host.RunAsync("", "ask", "search migration");
        Assert.Equal(0, searchCode);
        Assert.Contains("*Migration* talks between Cuba and the United States held in Washington D.C.", after, StringComparison.Ordinal);
        Assert.Equal(Items(before), Items(after));
        Assert.NotEqual(oldStore, StoreLine());
    }

    private string StoreLine() => File.ReadLines(Manifest).Single(l => l.StartsWith("store ", StringComparison.Ordinal));

    private static List<string> Items(string output) =>
        output.Split('\n').Where(l => l.Contains("2018-", StringComparison.Ordinal)).ToList();
}
