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

/// <summary>Titles that match what was typed (search), or ids and titles (show), from the store and search index.</summary>
public sealed class ArchiveAutocomplete(BulletinSearch search, IBulletinStore store) : IAutocomplete
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

        return typed.Length == 0 ? [] : [.. Titles(typed).Select(b => new AutocompleteChoice(Fit(b.Title), Fit(b.Title)))];
    }

    private IReadOnlyList<Core.Bulletins.Bulletin> Titles(string typed)
    {
        // The reader is still typing: the last word is a prefix.
        var parsed = SearchQueryParser.Parse(typed, new SearchOptions { LastWordIsPrefix = true });
        return parsed.Query is null ? [] : search.Search(parsed.Query, 0, MaxChoices).Bulletins;
    }

    private static string Fit(string text) => DiscordText.Fit(text.Trim().Length == 0 ? "(untitled)" : text.Trim(), MaxChoiceText);
}
