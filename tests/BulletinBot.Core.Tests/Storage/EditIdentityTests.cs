using CsCheck;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>A corrected item keeps its id and is updated in place (one change number); two close but different items stay two.</summary>
public sealed class EditIdentityTests
{
    private const string Claimed = "Cuba hands over to the United States a US citizen claimed by Interpol";
    private const string Wanted = "Cuba hands over to the United States a US citizen wanted by Interpol";
    private const string Body = "On November 6, 2018, the government of Cuba handed over to the United States a citizen wanted for serious crimes.";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_edited_title_keeps_the_id_and_is_one_update()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var original = Item(Claimed, Day(2018, 11, 6), Body);
        store.UpsertBatch([original]);
        var before = store.LastSequence();
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = store.UpsertBatch([Item(Wanted, Day(2018, 11, 6), Body)]);

        Assert.Equal((0, 1), (result.Added.Count, result.Updated.Count));
        Assert.Equal(original.Id, result.Updated[0].Id);
        Assert.Equal(1, store.Count());
        Assert.Equal(Wanted, store.Get(original.Id)!.Title);
        var change = Assert.Single(store.ChangesAfter(before, 10));
        Assert.True(change.IsEdit);
        Assert.Equal(before + 1, store.LastSequence());

        // Read again, the corrected page changes nothing.
        Assert.Equal(1, store.UpsertBatch([Item(Wanted, Day(2018, 11, 6), Body)]).Unchanged);
    }

    [Fact]
    public void An_edited_body_keeps_the_id_and_is_one_update()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var original = Item(Claimed, Day(2018, 11, 6), Body);
        store.UpsertBatch([original]);

        var result = store.UpsertBatch([Item(Claimed, Day(2018, 11, 6), Body.Replace("serious", "grave", StringComparison.Ordinal))]);

        Assert.Equal((0, 1), (result.Added.Count, result.Updated.Count));
        Assert.Equal(1, store.Count());
        Assert.Contains("grave", store.Get(original.Id)!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_rewritten_with_the_same_body_is_the_same_item()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var original = Item("Talks held", Day(2018, 11, 6), Body);
        store.UpsertBatch([original]);

        var result = store.UpsertBatch([Item("Cuba and the United States review the handover of a fugitive", Day(2018, 11, 6), Body)]);

        Assert.Equal(original.Id, Assert.Single(result.Updated).Id);
        Assert.Equal(1, store.Count());
    }

    [Fact]
    public void Two_close_but_different_items_of_one_page_stay_two()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var migration = Item("Cuba and the United States hold talks on migration", Day(2019, 4, 10), "The delegations met on migration.");
        store.UpsertBatch([migration]);

        var trafficking = Item("Cuba and the United States hold talks on trafficking", Day(2019, 4, 10), "The delegations met on trafficking.");
        var result = store.UpsertBatch([migration, trafficking]);

        Assert.Equal([trafficking.Id], result.Added.Select(b => b.Id));
        Assert.Equal(2, store.Count());
        Assert.Equal(migration.Title, store.Get(migration.Id)!.Title);
    }

    [Fact]
    public void An_edit_takes_the_closest_item_and_two_edits_of_one_page_take_one_each()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var migration = Item("Cuba and the United States hold talks on migration", Day(2019, 4, 10), "The delegations met on migration.");
        var trafficking = Item("Cuba and the United States hold talks on trafficking", Day(2019, 4, 10), "The delegations met on trafficking.");
        store.UpsertBatch([migration, trafficking]);

        var result = store.UpsertBatch(
        [
            Item("Cuba and the United States hold talks on human trafficking", Day(2019, 4, 10), "The delegations met on trafficking."),
            Item("Cuba and the United States hold new talks on migration", Day(2019, 4, 10), "The delegations met on migration."),
        ]);

        Assert.Empty(result.Added);
        Assert.Equal([trafficking.Id, migration.Id], result.Updated.Select(b => b.Id));
        Assert.Equal("Cuba and the United States hold new talks on migration", store.Get(migration.Id)!.Title);
    }

    [Fact]
    public void Another_source_another_date_or_a_different_story_is_a_new_item()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        store.UpsertBatch([Item(Claimed, Day(2018, 11, 6), Body)]);

        var otherDate = store.UpsertBatch([Item(Wanted, Day(2018, 11, 7), Body)]);
        var otherSource = store.UpsertBatch([Item(Wanted, Day(2018, 11, 6), Body) with { Source = "Other desk", Id = BulletinId.Compute("Other desk", Wanted, Day(2018, 11, 6)) }]);
        var otherStory = store.UpsertBatch([Item("Embassy celebrates culture day", Day(2018, 11, 6), "Musicians played at the embassy.")]);

        Assert.Equal([1, 1, 1], new[] { otherDate, otherSource, otherStory }.Select(r => r.Added.Count));
        Assert.Equal(4, store.Count());
    }

    [Fact]
    public void An_edit_is_found_among_its_own_source_s_items_of_the_day_by_their_sketches_however_busy_the_day_is_elsewhere()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var day = Day(2018, 11, 6);
        var original = Item(Claimed, day, Body);

        // More items of other sources on that day than a source's day is searched for (200): they are not candidates.
        var others = Enumerable.Range(0, 240)
            .Select(i => (Source: $"Desk {i % 4}", Title: $"Other desk notice number {i} about trade"))
            .Select(o => new Bulletin(BulletinId.Compute(o.Source, o.Title, day), o.Source, o.Title, [$"Body {o.Title}."], day))
            .ToList();
        store.UpsertBatch([original, .. others]);

        var result = store.UpsertBatch([Item(Wanted, day, Body)]);

        Assert.Equal((0, 1), (result.Added.Count, result.Updated.Count));
        Assert.Equal(original.Id, result.Updated[0].Id);
        // One sketch document per source and day: the original's holds it alone, now sketched from the new title.
        var sketches = database.Database.GetCollection(BulletinDatabase.Sketches);
        Assert.Equal(5, sketches.Count());
        var kept = Assert.Single(sketches.FindById(original.Source + "|" + day.DayNumber)["items"].AsArray);
        Assert.Equal(original.Id, kept["i"].AsString);
        var now = ItemSketch.Of(Item(Wanted, day, Body));
        Assert.Equal(now.Title, ItemSketch.FromBytes(kept["t"].AsBinary));
    }

    [Fact]
    public void Each_correction_is_measured_against_the_words_of_the_one_before()
    {
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, _time);
        var day = Day(2018, 11, 6);
        // Each title changes two words of the one before (0.67 alike); the last shares only 0.25 with the first.
        string[] titles =
        [
            "alpha bravo charlie delta echo foxtrot golf hotel india juliet",
            "kilo lima charlie delta echo foxtrot golf hotel india juliet",
            "kilo lima mike november echo foxtrot golf hotel india juliet",
            "kilo lima mike november oscar papa golf hotel india juliet",
        ];
        Assert.True(ItemIdentity.Jaccard(titles[0], titles[3]) < ItemIdentity.TitleThreshold - ItemSketch.TitleSlack);
        var first = store.UpsertBatch([Item(titles[0], day, "")]).Added.Single();

        var corrections = titles.Skip(1).Select(t => store.UpsertBatch([Item(t, day, "")])).ToList();

        Assert.All(corrections, c => Assert.Equal(first.Id, Assert.Single(c.Updated).Id));
        Assert.Equal(titles[3], store.Get(first.Id)!.Title);
        Assert.Equal(1, store.Count());
    }

    [Fact]
    public void A_sketch_never_rules_out_a_stored_item_alike_enough_by_its_words()
    {
        // Near-copies: a text and the same text with a few of its words replaced, so that many pairs fall near either
        // threshold; from 5,000 words, among which about 190 pairs share a 16-bit hash.
        var vocabulary = Enumerable.Range(0, 5_000).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var words = Gen.Int[0, vocabulary.Length - 1].Select(i => vocabulary[i]);
        Gen.Select(words.Array[4, 14], words.Array[20, 140], Gen.Int[0, 5], Gen.Int[0, 40], words.Array[40]).Sample((title, body, titleChanges, bodyChanges, replacements) =>
        {
            var otherTitle = title.Select((w, i) => i < titleChanges ? replacements[i] : w).ToArray();
            var otherBody = body.Select((w, i) => i < bodyChanges ? replacements[^(i + 1)] : w).ToArray();
            var stored = new Bulletin("a", "s", string.Join(' ', title), [string.Join(' ', body)], Day(2018, 1, 1));
            var incoming = new Bulletin("b", "s", string.Join(' ', otherTitle), [string.Join(' ', otherBody)], Day(2018, 1, 1));
            var alike = ItemIdentity.Likeness(ItemIdentity.Words(stored), ItemIdentity.Words(incoming)) > 0;
            return !alike || ItemSketch.Of(stored).MayMatch(ItemSketch.Of(incoming));
        }, iter: 20_000);
    }

    [Fact]
    public void Words_are_the_runs_of_letters_and_digits_of_the_normalised_text_and_the_sketch_hashes_them()
    {
        // Letters with and without diacritics, ligatures, combining marks, fullwidth forms, typographic quotes and
        // dashes, digits, separators of every kind and a lone surrogate: everything the fold and the split treat apart.
        const string alphabet = "aAzZ09éÉñÑçßæŒĳﬁﬃ\u0301\u0327ＡＺｚ１\u2018\u2019\u00B4`\u201C\u201D\u2013\u2014'\"-.,;:!?() \t\n\u00A0\u2003\u200B¿¡€\uD83D";
        var text = Gen.Char[alphabet].Array[0, 60].Select(chars => new string(chars));
        Gen.Select(text, text.Array[0, 4]).Sample((title, paragraphs) =>
        {
            var item = new Bulletin("a", "s", title, paragraphs, Day(2018, 1, 1));
            var words = ItemIdentity.Words(item);
            var expected = new ItemIdentity.Wording(NormalisedWords(item.Title), NormalisedWords(item.Body));
            var sketch = ItemSketch.Of(item);
            var expectedSketch = SketchOfWords(expected);
            return words.Title.SetEquals(expected.Title) && words.Body.SetEquals(expected.Body)
                && sketch.Title.SequenceEqual(expectedSketch.Title) && sketch.Body.SequenceEqual(expectedSketch.Body);
        }, iter: 5_000);

        var sample = ItemIdentity.Words(new Bulletin("a", "s", "Fernández, ﬁne", ["cuba  in\tUSA"], Day(2018, 1, 1)));
        Assert.Equal(["fernandez", "fine"], sample.Title.Order(StringComparer.Ordinal));
        Assert.Equal(["cuba", "in", "usa"], sample.Body.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The measure's words by their definition: the text normalised as ids normalise it, cut into runs of letters and
    /// digits (the categories <see cref="char.IsLetterOrDigit(char)"/> takes: every letter, and decimal digits).
    /// </summary>
    private static HashSet<string> NormalisedWords(string text) =>
        [.. System.Text.RegularExpressions.Regex.Split(BulletinId.Normalise(text), @"[^\p{L}\p{Nd}]+").Where(word => word.Length > 0)];

    /// <summary>The sketch by its definition: each word of the set hashed, then sorted and made distinct.</summary>
    private static ItemSketch SketchOfWords(ItemIdentity.Wording wording) => new(
        ItemSketch.SortedDistinct([.. wording.Title.Select(word => ItemSketch.Hash(word))]),
        ItemSketch.SortedDistinct([.. wording.Body.Select(word => ItemSketch.Hash(word))]));

    [Fact]
    public void The_likeness_measure_is_the_jaccard_index_of_folded_words()
    {
        Assert.Equal(1.0, ItemIdentity.Jaccard("Cuba, in USA", "cuba IN usa."));
        Assert.Equal(0.5, ItemIdentity.Jaccard("a b c", "b c d"));
        Assert.Equal(0.0, ItemIdentity.Jaccard("", "b"));
        Assert.True(ItemIdentity.Jaccard(Claimed, Wanted) >= ItemIdentity.TitleThreshold);
    }
}
