using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>Ranked full-text search, a page at a time.</summary>
public sealed record SearchCommand(string Query) : Command
{
    public static CommandSpec Spec { get; } = new(
        "search", "buscar", ["find", "s", "busca", "recherche", "pesquisar"],
        [new("query", ArgumentKind.Text, true, 1, CommandCatalog.MaxQueryLength,
            "Words to find; \"a phrase\", -word to exclude, from:/to: dates", "Palabras; \"una frase\", -palabra para excluir, from:/to: fechas")],
        "Ranked search: all words must match; \"a phrase\", -word excludes, from:/to: filter by date",
        "Búsqueda por relevancia: todas las palabras; \"frase\", -palabra excluye, from:/to: por fecha",
        "search \"law enforcement\" from:2018",
        text => new SearchCommand(text))
    {
        NameFr = "chercher",
        NamePt = "buscar",
        DescriptionFr = "Recherche par pertinence : tous les mots doivent correspondre ; \"une phrase\", -mot exclut, from:/to: filtrent par date",
        DescriptionPt = "Pesquisa por relevância: todas as palavras; \"uma frase\", -palavra exclui, from:/to: filtram por data",
        ShowPage = Page,
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat) =>
        handler.Listings.Show(chat, handler.Listings.Begin(chat, ListingKinds.Search, Query, Listings.PageSize));

    private static Reply Page(Listings listings, ChatContext chat, ListingPage page)
    {
        var say = BotText.For(chat);
        var parsed = SearchQueryParser.Parse(page.Argument, SearchOptions.Default, say);
        if (parsed.Query is not { } query)
        {
            return new ErrorReply(parsed.Error ?? say.SearchNotUnderstood, string.Empty);
        }

        if (SourceFilter.Resolve(listings.Sources, query.SourceName, say, out var source) is { } unknown)
        {
            return unknown;
        }

        query = query with { Origin = source?.Origin };

        // Paging skips the items already shown rather than an offset, so an item stored meanwhile
        // that ranks higher comes next instead of pushing an unseen one off the page.
        var seen = page.Shown.ToHashSet(StringComparer.Ordinal);
        var results = listings.Search.Find(query, 0, seen.Count + page.PageSize + 1);
        var unseen = results.Hits.Where(h => !seen.Contains(h.BulletinId)).ToList();
        var shown = listings.Search.Read(unseen.Take(page.PageSize));
        if (shown.Count == 0)
        {
            return page.First == 1
                ? new ErrorReply(say.NothingMatches(Listings.Shorten(page.Argument, 80)), say.NothingMatchesHint) { IsEmptyResult = true }
                : new ErrorReply(say.NoMoreResults, say.NoMoreResultsHint);
        }

        var more = unseen.Count > page.PageSize;
        int? total = results.TotalIsExact ? Math.Max(results.Total, page.First + shown.Count - 1) : null;
        var reply = listings.Page(chat, page, say.SearchHeading(Listings.Shorten(page.Argument, 80)), shown.Select(b => Listings.Card(b, query)).ToList(), shown, more, total);
        return results.Corrected is { } corrected ? reply with { Notes = [say.SearchCorrected(Listings.Shorten(corrected, 80)), .. reply.Notes] } : reply;
    }
}
