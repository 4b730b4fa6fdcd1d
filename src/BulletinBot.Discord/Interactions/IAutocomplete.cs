using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using BulletinBot.Discord.Rendering;

namespace BulletinBot.Discord.Interactions;

/// <summary>Suggestions while someone types a search or an id. Read-only: nothing is stored per keystroke.</summary>
public interface IAutocomplete
{
    IReadOnlyList<AutocompleteChoice> Suggest(string command, string typed);
}

/// <summary>
/// Titles that match what was typed (search), or ids and titles (show), from the store and search index; in a search, a
/// last word <c>source:</c>… suggests the sources' names, and a search narrowed to a source suggests that source's titles.
/// </summary>
public sealed class ArchiveAutocomplete(BulletinSearch search, IBulletinStore store, SourceDirectory? sources = null) : IAutocomplete
{
    // Discord shows at most 25 choices, each name and value 1 to 100 characters.
    public const int MaxChoices = 25;
    public const int MaxChoiceText = 100;

    public IReadOnlyList<AutocompleteChoice> Suggest(string command, string typed)
    {
        typed = typed.Trim();
        if (command == "show")
        {
            var byId = typed.Length == 0 ? store.Latest(null, MaxChoices) : store.FindByIdPrefix(typed, MaxChoices);
            var found = byId.Count > 0 || typed.Length == 0 ? byId : Titles(typed);
            return [.. found.Take(MaxChoices).Select(b => new AutocompleteChoice(Fit($"{b.ShortId} · {b.Title}"), b.ShortId))];
        }

        if (SourceNames(typed) is { } names)
        {
            return names;
        }

        return typed.Length == 0 ? [] : [.. Titles(typed).Select(b => new AutocompleteChoice(Fit(b.Title), Fit(b.Title)))];
    }

    /// <summary>While the last word is <c>source:</c> and the start of a name: the whole query with each name that fits; else null.</summary>
    private List<AutocompleteChoice>? SourceNames(string typed)
    {
        var lastSpace = typed.LastIndexOf(' ');
        if (!SourceSyntax.TryRead(typed.AsSpan(lastSpace + 1), out var begun))
        {
            return null;
        }

        var before = typed[..(lastSpace + 1)];
        var marker = typed[(lastSpace + 1)..^begun.Length];
        return [.. (sources?.All ?? [])
            .Where(s => s.Name.StartsWith(begun, StringComparison.OrdinalIgnoreCase))
            .Take(MaxChoices)
            .Select(s => before + marker + s.Name)
            .Where(query => query.Length <= MaxChoiceText)
            .Select(query => new AutocompleteChoice(query, query))];
    }

    private IReadOnlyList<Core.Bulletins.Bulletin> Titles(string typed)
    {
        // The reader is still typing: the last word is a prefix.
        var parsed = SearchQueryParser.Parse(typed, new SearchOptions { LastWordIsPrefix = true });
        if (parsed.Query is not { } query)
        {
            return [];
        }

        if (query.SourceName is { } name)
        {
            if (sources?.Find(name) is not { } source)
            {
                return [];
            }

            query = query with { Origin = source.Origin };
        }

        return search.Search(query, 0, MaxChoices).Bulletins;
    }

    private static string Fit(string text) => DiscordText.Fit(text.Trim().Length == 0 ? "(untitled)" : text.Trim(), MaxChoiceText);
}
