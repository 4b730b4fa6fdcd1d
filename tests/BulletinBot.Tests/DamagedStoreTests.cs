using BulletinBot.Core.Storage;
using BulletinBot.Tests.Shared;

namespace BulletinBot.Tests;

/// <summary>The store of the damage corpus, written once for the class.</summary>
public sealed class HostDamageCorpusFixture : IDisposable
{
    internal DamageCorpus Corpus { get; } = DamageCorpus.Build(items: 200);

    public void Dispose() => Corpus.Dispose();
}

/// <summary>
/// A damaged store, met by each verb: one line that says the store is damaged and to run rebuild, exit 3, no stack
/// trace; and a rebuild that keeps every whole item, names the damaged file last, and puts it back when it fails.
/// </summary>
public sealed class DamagedStoreTests(HostDamageCorpusFixture fixture) : IClassFixture<HostDamageCorpusFixture>, IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    private DamageCorpus Corpus => fixture.Corpus;

    public static TheoryData<string> Variants => new(DamageCorpus.VariantNames);

    [Theory]
    [MemberData(nameof(Variants))]
    [Trait("Category", "Slow")]
    public async Task Ask_ingest_and_health_on_a_damaged_store_say_so_in_one_line_and_exit_3(string variant)
    {
        foreach (var verb in new[] { new[] { "ask", "stats" }, ["ingest"], ["health"] })
        {
            Place(variant);

            var (code, output, error) = await _host.RunAsync("", verb);

            var said = $"{variant}, {string.Join(' ', verb)}: exit {code}, out: {output} err: {error}";
            if (verb[0] == "ingest" && code == ExitCodes.Ok)
            {
                // An ingest only writes new pages: damage it never reads goes unseen by it, and health, which reads
                // every page, still names it after the ingest.
                Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
                (code, output, error) = await _host.RunAsync("", "health");
                said += $"; then health: exit {code}, out: {output} err: {error}";
            }

            Assert.True(code == ExitCodes.StorageFailure, said);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("Storage error: the store ", line, StringComparison.Ordinal);
            Assert.Contains("is damaged", line, StringComparison.Ordinal);
            Assert.Contains("rebuild", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    [Trait("Category", "Slow")]
    public async Task Rebuild_keeps_every_whole_item_and_names_the_damaged_file_last(string variant)
    {
        var damaged = Place(variant);
        var required = Corpus.IntactItems(damaged);

        var (code, output, error) = await _host.RunAsync("", "rebuild");

        Assert.True(code == ExitCodes.Ok, $"{variant}: exit {code}, {output} {error}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_host.StorePath)!, "bulletins.db.damaged-*"), f => !f.EndsWith("-log", StringComparison.Ordinal));
        Assert.Contains(aside, last, StringComparison.Ordinal);
        Assert.Equal(damaged.File, File.ReadAllBytes(aside));
        Assert.Matches(@"Kept \d+ item\(s\) and \d+ other record\(s\); \d+ document\(s\) could not be read", output);

        using var database = BulletinDatabase.Open(_host.StorePath);
        var store = new BulletinStore(database, TimeProvider.System);
        foreach (var id in required)
        {
            Assert.Equal(Corpus.Items[id], store.Get(id));
        }

        Assert.All(store.All().Where(b => Corpus.Items.ContainsKey(b.Id)), b => Assert.Equal(Corpus.Items[b.Id], b));
    }

    [Fact]
    public async Task A_rebuild_that_fails_after_the_move_puts_the_store_back_and_says_so_in_one_line()
    {
        var damaged = Place("flips-997");

        // A folder where the new store's log must go: the new store cannot be opened, after the old one was moved.
        Directory.CreateDirectory(StoreRecovery.LogOf(_host.StorePath));
        var (code, _, error) = await _host.RunAsync("", "rebuild");

        Assert.Equal(ExitCodes.StorageFailure, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("the old store is back at", line, StringComparison.Ordinal);
        Assert.Equal(damaged.File, File.ReadAllBytes(_host.StorePath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_host.StorePath)!, "*.damaged-*"));
    }

    [Fact]
    public async Task Health_where_no_store_is_says_so_and_creates_none()
    {
        var (code, output, _) = await _host.RunAsync("", "health");

        Assert.Equal(ExitCodes.NotUnderstood, code);
        Assert.Contains("store: none at", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_host.StorePath));
        Assert.False(File.Exists(StoreRecovery.LogOf(_host.StorePath)));
    }

    [Fact]
    public async Task Health_of_an_intact_store_without_a_bot_reads_every_record()
    {
        var (file, log) = Corpus.Logged;
        Directory.CreateDirectory(Path.GetDirectoryName(_host.StorePath)!);
        DamageCorpus.Place(new DamagedStore("intact", file, log), _host.StorePath);

        var (code, output, error) = await _host.RunAsync("", "health");

        Assert.True(code == ExitCodes.NotUnderstood, $"{code}: {output} {error}");
        Assert.Contains($"store: ok, {Corpus.Items.Count} items", output, StringComparison.Ordinal);
    }

    /// <summary>The real program, one process per verb: what a user sees is the one line, and the exit code.</summary>
    [Theory]
    [InlineData("truncated-5")]
    [InlineData("flips-997")]
    [InlineData("zeroed-header")]
    [Trait("Category", "Slow")]
    public async Task The_program_on_a_damaged_store_prints_one_line_and_no_stack_trace(string variant)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
        };
        foreach (var verb in new[] { new[] { "ask", "stats" }, ["ingest"], ["health"] })
        {
            Place(variant);

            var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, verb);

            var said = $"{variant}, {string.Join(' ', verb)}: exit {code}, out: {output} err: {error}";
            Assert.True(code == ExitCodes.StorageFailure, said);
            Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", output + error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("is damaged", StringComparison.Ordinal));
        }
    }

    private DamagedStore Place(string variant)
    {
        var damaged = Corpus.Variant(variant);
        Directory.CreateDirectory(Path.GetDirectoryName(_host.StorePath)!);
        DamageCorpus.Place(damaged, _host.StorePath);
        return damaged;
    }
}
