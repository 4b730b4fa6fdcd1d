using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Which items a target wants: the search language without dates (words ANDed, "phrases", -word and
/// -"phrase"), matched against an item's title and body with the search's own normalisation.
/// </summary>
public sealed class AnnouncementFilter
{
    private readonly SearchQuery? _query;
    private readonly bool _matchesNothing;

    private readonly string? _origin;

    private AnnouncementFilter(string text, SearchQuery? query, bool matchesNothing = false, string? origin = null)
    {
        Text = text;
        _query = query;
        _matchesNothing = matchesNothing;
        _origin = origin;
    }

    /// <summary>The filter as it was written; empty for every item.</summary>
    public string Text { get; }

    public static AnnouncementFilter Everything { get; } = new(string.Empty, null);

    /// <summary>For a stored filter that no longer parses: better to announce nothing than everything.</summary>
    public static AnnouncementFilter Nothing { get; } = new(string.Empty, null, matchesNothing: true);

    /// <summary>
    /// Reads <paramref name="text"/>; returns null and an error (in English) for a filter that cannot be used. A
    /// <c>source:name</c> in it is resolved by <paramref name="sources"/>: a name none of them has (or no sources) is such an error.
    /// </summary>
    public static AnnouncementFilter? TryParse(string? text, out string? error, SourceDirectory? sources = null) =>
        TryParse(text, BotText.English, ("search", "subscribe"), out error, sources);

    /// <summary>
    /// Reads <paramref name="text"/>; an error is in the reader's language, its examples reworded from the search
    /// command's word to the subscribe command's (<paramref name="words"/>, in that language).
    /// </summary>
    public static AnnouncementFilter? TryParse(string? text, BotText say, (string Search, string Subscribe) words, out string? error, SourceDirectory? sources = null)
    {
        ArgumentNullException.ThrowIfNull(say);
        error = null;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return Everything;
        }

        var (queryText, sourceName) = SourceSyntax.Split(trimmed);
        string? origin = null;
        if (sourceName is not null)
        {
            if (sourceName.Length == 0 || sources?.Find(sourceName) is not { } source)
            {
                error = (sourceName.Length == 0 ? say.SourceNameMissing : say.SourceUnknown(sourceName)) + " " + say.SourceUnknownHint(sources?.Names ?? string.Empty);
                return null;
            }

            origin = source.Origin;
            if (queryText.Length == 0)
            {
                return new AnnouncementFilter(trimmed, null, origin: origin);
            }
        }

        var parsed = SearchQueryParser.Parse(queryText, SearchOptions.Default, say);
        if (parsed.Query is not { } query)
        {
            // The parser's examples ("like: search talks") become the subscribe command's; only after a colon, so the
            // word in a sentence ("Dime qué buscar") stays.
            error = (parsed.Error ?? say.FilterNotUnderstood).Replace($": {words.Search} ", $": {words.Subscribe} ", StringComparison.Ordinal);
            return null;
        }

        if (query.HasDateFilter)
        {
            error = say.FilterNoDates;
            return null;
        }

        return new AnnouncementFilter(trimmed, query, origin: origin);
    }

    public bool Matches(Bulletin bulletin)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        if (_matchesNothing)
        {
            return false;
        }

        if (_origin is not null && bulletin.Origin != _origin)
        {
            return false;
        }

        if (_query is not { } query)
        {
            return true;
        }

        // Title and paragraphs apart, so a phrase never runs from one into the next.
        var parts = bulletin.Paragraphs.Prepend(bulletin.Title).Select(p => TextAnalyzer.Tokenize(p).Select(t => t.Term).ToList()).ToList();
        var present = parts.SelectMany(p => p).ToHashSet(StringComparer.Ordinal);
        return query.Terms.All(present.Contains)
            && !query.Excluded.Any(present.Contains)
            && query.Phrases.All(phrase => parts.Any(p => ContainsPhrase(p, phrase)))
            && !query.ExcludedPhrases.Any(phrase => parts.Any(p => ContainsPhrase(p, phrase)));
    }

    private static bool ContainsPhrase(List<string> terms, IReadOnlyList<string> phrase)
    {
        for (var start = 0; start + phrase.Count <= terms.Count; start++)
        {
            var all = true;
            for (var i = 0; i < phrase.Count && all; i++)
            {
                all = string.Equals(terms[start + i], phrase[i], StringComparison.Ordinal);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
