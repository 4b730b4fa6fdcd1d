using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Commands;

/// <summary>Ranked full-text search, a page at a time.</summary>
public sealed record SearchCommand(string Query) : Command
{
    public static CommandSpec Spec { get; } = new(
        "search", "buscar", ["find", "s", "busca"],
        [new("query", ArgumentKind.Text, true, 1, CommandCatalog.MaxQueryLength,
            "Words to find; \"a phrase\", -word to exclude, from:/to: dates", "Palabras; \"una frase\", -palabra para excluir, from:/to: fechas")],
        "Ranked search: all words must match; \"a phrase\", -word excludes, from:/to: filter by date",
        "Búsqueda por relevancia: todas las palabras; \"frase\", -palabra excluye, from:/to: por fecha",
        "search \"law enforcement\" from:2018",
        text => new SearchCommand(text))
    {
        ShowPage = Page,
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat) =>
        handler.Listings.Show(chat, handler.Listings.Begin(chat, ListingKinds.Search, Query, Listings.PageSize));

    private static Reply Page(Listings listings, ChatContext chat, ListingPage page)
    {
        var parsed = SearchQueryParser.Parse(page.Argument);
        if (parsed.Query is not { } query)
        {
            return new ErrorReply(parsed.Error ?? "That search could not be understood.", string.Empty);
        }

        // Paging skips the items already shown rather than an offset, so an item stored meanwhile
        // that ranks higher comes next instead of pushing an unseen one off the page.
        var seen = page.Shown.ToHashSet(StringComparer.Ordinal);
        var results = listings.Search.Find(query, 0, seen.Count + page.PageSize + 1);
        var unseen = results.Hits.Where(h => !seen.Contains(h.BulletinId)).ToList();
        var shown = listings.Search.Read(unseen.Take(page.PageSize));
        if (shown.Count == 0)
        {
            return page.First == 1
                ? new ErrorReply($"Nothing matches {Listings.Shorten(page.Argument, 80)}.", "Try fewer or other words, or drop a from:/to: filter.") { IsEmptyResult = true }
                : new ErrorReply("There are no more results.", "Try other words for more.");
        }

        var more = unseen.Count > page.PageSize;
        int? total = results.TotalIsExact ? Math.Max(results.Total, page.First + shown.Count - 1) : null;
        var reply = listings.Page(chat, page, $"Search: {Listings.Shorten(page.Argument, 80)}", shown.Select(b => Listings.Card(b, query)).ToList(), shown, more, total);
        return results.Corrected is { } corrected ? reply with { Notes = [$"Showing results for {Listings.Shorten(corrected, 80)}.", .. reply.Notes] } : reply;
    }
}
