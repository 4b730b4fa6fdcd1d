using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Ingestion;
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
    /// Reads <paramref name="text"/>; returns null and an error for a filter that cannot be used. A <c>source:name</c>
    /// in it is resolved by <paramref name="sources"/>: a name none of them has (or no sources) is such an error.
    /// </summary>
    public static AnnouncementFilter? TryParse(string? text, out string? error, SourceDirectory? sources = null)
    {
        error = null;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return Everything;
        }

        var (words, sourceName) = SourceSyntax.Split(trimmed);
        string? origin = null;
        if (sourceName is not null)
        {
            if (sourceName.Length == 0 || sources?.Find(sourceName) is not { } source)
            {
                error = $"No source is named \"{sourceName}\"; known sources: {sources?.Names}.";
                return null;
            }

            origin = source.Origin;
            if (words.Length == 0)
            {
                return new AnnouncementFilter(trimmed, null, origin: origin);
            }
        }

        var parsed = SearchQueryParser.Parse(words);
        if (parsed.Query is not { } query)
        {
            error = (parsed.Error ?? "That filter could not be understood.").Replace("search ", "subscribe ", StringComparison.Ordinal);
            return null;
        }

        if (query.HasDateFilter)
        {
            error = "A filter takes words, \"phrases\" and -words, not from:/to: dates.";
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
