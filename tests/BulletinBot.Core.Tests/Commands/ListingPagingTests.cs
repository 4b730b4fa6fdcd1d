using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Commands;

/// <summary>Paging while items are stored: every item of a listing is shown once, none twice, none skipped.</summary>
public sealed class ListingPagingTests
{
    [Fact]
    public async Task Latest_pages_neither_repeat_nor_skip_while_newer_and_tied_items_arrive()
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch(Enumerable.Range(1, 12).Select(i => Item($"Item {i:00}", Day(2020, 1, 1 + (i / 2)))).ToList());
        var original = (await archive.ListAsync("latest 20")).Cards.Select(c => c.ShortId).ToList();

        var pages = new List<ListReply> { await archive.ListAsync("latest 4") };
        var arrivals = 0;
        while (pages[^1].Page.Next is { } next)
        {
            // Newer items, and items tied on the date of the page's last item, arrive between pages.
            arrivals++;
            archive.Store.UpsertBatch(
            [
                Item($"Newer {arrivals}", Day(2021, 1, arrivals)),
                Item($"Tied {arrivals}", pages[^1].Cards[^1].Date),
            ]);
            pages.Add(await archive.ListAsync(next.CommandText));
        }

        var shown = pages.SelectMany(p => p.Cards).Select(c => c.ShortId).ToList();
        Assert.Equal(shown.Count, shown.Distinct().Count());
        Assert.Empty(original.Except(shown));
        Assert.DoesNotContain(pages.SelectMany(p => p.Cards), c => c.Title.PlainText.StartsWith("Newer", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(i => 1 + (4 * i)), pages.Select(p => p.Page.First));
    }

    [Fact]
    public async Task Date_pages_break_ties_by_id_and_neither_repeat_nor_skip()
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch(Enumerable.Range(1, 9).Select(i => Item($"Same day {i}", Day(2019, 5, 5))).ToList());

        var first = await archive.ListAsync("date 2019-05");
        archive.Store.UpsertBatch([Item("Same day, late", Day(2019, 5, 5))]);
        var second = await archive.ListAsync("next");

        var shown = first.Cards.Concat(second.Cards).Select(c => c.ShortId).ToList();
        Assert.Equal(shown.Count, shown.Distinct().Count());
        Assert.Equal(first.Cards.Select(c => c.ShortId).Order(StringComparer.Ordinal), first.Cards.Select(c => c.ShortId));
        Assert.Equal(9, shown.Count(id => id != LateId()));

        static string LateId() => Item("Same day, late", Day(2019, 5, 5)).ShortId;
    }

    [Fact]
    public async Task Search_pages_show_a_higher_ranked_newcomer_next_instead_of_repeating_or_skipping()
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch(Enumerable.Range(1, 8).Select(i => Item($"Report {i}", Day(2020, 2, i), $"The harbour report number {i}.")).ToList());

        var first = await archive.ListAsync("search harbour");
        archive.Store.UpsertBatch([Item("Harbour harbour harbour", Day(2020, 3, 1), "Harbour news: the harbour reopens.")]);
        var second = await archive.ListAsync("next");

        var shown = first.Cards.Concat(second.Cards).Select(c => c.Title.PlainText).ToList();
        Assert.Equal(shown.Count, shown.Distinct().Count());
        Assert.Equal(9, shown.Count);
        Assert.Contains("Harbour harbour harbour", second.Cards.Select(c => c.Title.PlainText));
        Assert.Equal(6, second.Page.First);
    }
}
