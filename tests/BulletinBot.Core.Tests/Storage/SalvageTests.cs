using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using BulletinBot.Tests.Shared;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>The store of the damage corpus, written once for the class.</summary>
public sealed class DamageCorpusFixture : IDisposable
{
    internal DamageCorpus Corpus { get; } = DamageCorpus.Build();

    public void Dispose() => Corpus.Dispose();
}

/// <summary>
/// Salvage over the damage corpus: every item whose document is still whole in the damaged file or its log is kept,
/// each equal to the item stored, and nothing else comes back changed. The salvage never throws.
/// </summary>
public sealed class SalvageTests(DamageCorpusFixture fixture) : IClassFixture<DamageCorpusFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-salvage-").FullName;

    private DamageCorpus Corpus => fixture.Corpus;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Variants => new(DamageCorpus.VariantNames);

    [Theory]
    [MemberData(nameof(Variants))]
    [Trait("Category", "Slow")]
    public void Salvage_keeps_every_item_whose_document_is_whole_and_invents_nothing(string variant)
    {
        var damaged = Corpus.Variant(variant);
        var required = Corpus.IntactItems(damaged);

        var (report, salvaged) = Salvage(damaged);

        Assert.Equal(report.Items, salvaged.Count);
        foreach (var (id, item) in salvaged)
        {
            Assert.True(Corpus.Items.TryGetValue(id, out var original), $"{variant}: {id} was never stored");
            Assert.Equal(original, item);
        }

        var lost = required.Where(id => !salvaged.ContainsKey(id)).ToList();
        Assert.True(lost.Count == 0, $"{variant}: {lost.Count} of {required.Count} whole items lost, e.g. {lost.FirstOrDefault()}");
        Assert.True(required.Count > 0, $"{variant}: the damage left nothing whole; the case proves nothing");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    [Trait("Category", "Slow")]
    public void Damage_that_cost_items_is_counted_in_the_report(string variant)
    {
        var damaged = Corpus.Variant(variant);

        var (report, salvaged) = Salvage(damaged);

        if (salvaged.Count < Corpus.Items.Count)
        {
            Assert.True(report.Unreadable + report.UnreadablePages > 0, $"{variant}: items lost ({salvaged.Count} of {Corpus.Items.Count} kept) and nothing counted unreadable: {report}");
        }
    }

    [Fact]
    public void An_intact_store_and_its_log_are_salvaged_whole_with_the_offsets()
    {
        var (file, log) = Corpus.Logged;

        var (report, salvaged) = Salvage(new DamagedStore("intact", file, log), out var offset);

        Assert.Equal(Corpus.Items.Count, salvaged.Count);
        Assert.All(salvaged, pair => Assert.Equal(Corpus.Items[pair.Key], pair.Value));
        Assert.Equal(0, report.Unreadable);
        Assert.Equal(0, report.UnreadablePages);
        Assert.Equal(42, offset);
    }

    private (SalvageReport Report, Dictionary<string, Bulletin> Items) Salvage(DamagedStore damaged) => Salvage(damaged, out _);

    private (SalvageReport Report, Dictionary<string, Bulletin> Items) Salvage(DamagedStore damaged, out long offset)
    {
        var path = Path.Combine(_folder, "damaged.db");
        DamageCorpus.Place(damaged, path);
        using var fresh = BulletinDatabase.Open(Path.Combine(_folder, "new.db"));
        var store = new BulletinStore(fresh, TimeProvider.System);

        var report = StoreRecovery.Salvage(path, damaged.Log is null ? null : StoreRecovery.LogOf(path), fresh, store);

        offset = new CheckpointStore(fresh).Get("telegram.offset");
        return (report, store.All().ToDictionary(b => b.Id, StringComparer.Ordinal));
    }
}
