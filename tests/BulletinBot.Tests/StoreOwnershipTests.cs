using System.Globalization;
using BulletinBot.Core.Storage;

namespace BulletinBot.Tests;

/// <summary>
/// Two processes on one store, in every pairing, as real child processes: the store is never written
/// by two at once, each gets an answer or one clear line, and the file is whole afterwards.
/// </summary>
public sealed class StoreOwnershipTests : IDisposable
{
    private const int Rounds = 20;
    private readonly HostFixture _host = new();
    private readonly string _seeds;

    public StoreOwnershipTests()
    {
        _seeds = Directory.CreateDirectory(Path.Combine(_host.Folder, "seeds")).FullName;
        foreach (var seed in Directory.GetFiles(HostFixture.SeedsFolder, "*.txt"))
        {
            File.Copy(seed, Path.Combine(_seeds, Path.GetFileName(seed)));
        }
    }

    public void Dispose() => _host.Dispose();

    private Dictionary<string, string?> Environment() => new()
    {
        ["Storage__Path"] = _host.StorePath,
        ["Ingestion__SeedsPath"] = _seeds,
        ["Ingestion__RescanInterval"] = "00:00:01",
    };

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Ask_beside_a_running_chat_is_answered_by_it_while_new_pages_arrive()
    {
        using var chat = HostProcess.Start(_host.Folder, Environment(), redirectInput: true);
        await chat.WaitForAsync("Type help", TimeSpan.FromSeconds(60));

        for (var round = 1; round <= Rounds; round++)
        {
            AddPage(round);
            var (code, output, error) = await HostProcess.RunAsync(_host.Folder, Environment(), "ask", "stats");
            Assert.True(code == 0, $"round {round}: {error}");
            Assert.Contains("items from", output, StringComparison.Ordinal);
        }

        var (ingestCode, ingested, _) = await HostProcess.RunAsync(_host.Folder, Environment(), "ingest");
        Assert.Equal(0, ingestCode);
        Assert.Contains("page(s) read", ingested, StringComparison.Ordinal);
        await chat.QuitAsync();

        AssertWhole(8 + Rounds);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_second_bot_on_the_same_store_is_refused_with_one_line_naming_the_first()
    {
        using var first = HostProcess.Start(_host.Folder, Environment(), redirectInput: true);
        await first.WaitForAsync("Type help", TimeSpan.FromSeconds(60));

        for (var round = 1; round <= Rounds; round++)
        {
            using var second = HostProcess.Start(_host.Folder, Environment(), redirectInput: true);
            var code = await second.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(3, code);
            Assert.Contains($"in use by process {first.Id} (chat", second.Error, StringComparison.Ordinal);
            Assert.Single(second.Error.Trim().Split('\n'));
        }

        Assert.False(first.HasExited);
        await first.QuitAsync();
        AssertWhole(8);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Ask_and_ingest_at_the_same_moment_take_turns_and_both_answer()
    {
        // ask only reads: the store it asks is there before the race starts.
        Assert.Equal(0, (await HostProcess.RunAsync(_host.Folder, Environment(), "ingest")).ExitCode);
        for (var round = 1; round <= Rounds; round++)
        {
            AddPage(round);
            var ingest = HostProcess.RunAsync(_host.Folder, Environment(), "ingest");
            var ask = HostProcess.RunAsync(_host.Folder, Environment(), "ask", "latest", "3");
            var (ingestCode, _, ingestError) = await ingest;
            var (askCode, _, askError) = await ask;

            Assert.True(ingestCode == 0, $"round {round}: {ingestError}");
            Assert.True(askCode == 0, $"round {round}: {askError}");
        }

        AssertWhole(8 + Rounds);
    }

    private void AddPage(int round) => File.WriteAllText(
        Path.Combine(_seeds, $"round-{round:00}.txt"),
        string.Create(CultureInfo.InvariantCulture, $"Round desk\n\nRound {round} report on harbour works\n\nOn March {round}, 2021, the harbour works reached stage {round} of the plan.\n"));

    /// <summary>Every item readable, the counts right, and nobody left holding the store.</summary>
    private void AssertWhole(int expected)
    {
        using var database = BulletinDatabase.Open(_host.StorePath, "test");
        var store = new BulletinStore(database, TimeProvider.System);
        var items = store.All().ToList();

        Assert.Equal(expected, items.Count);
        Assert.Equal(expected, store.Count());
        Assert.Equal(expected, store.Latest(null, 1000).Count);
        Assert.Equal(expected, store.ChangesAfter(0, 1000).Select(c => c.Bulletin.Id).Distinct().Count());
        Assert.All(items, item => Assert.NotEmpty(item.Paragraphs));
    }
}
