using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// A parsed search: every term and phrase must match, no excluded term or phrase may, and the
/// bulletin's date must fall in [From, To] when either is set.
/// </summary>
/// <param name="Terms">Normalised, stemmed terms (never stop words), distinct.</param>
/// <param name="Phrases">
/// Each phrase as its normalised words in order. Stop words stay in place: they are not indexed, but
/// they hold their position, so "talks in Havana" matches those words with one word between them.
/// </param>
/// <param name="Excluded">Normalised terms that must not occur.</param>
/// <param name="From">First day of the date filter, inclusive.</param>
/// <param name="To">Last day of the date filter, inclusive.</param>
public sealed record SearchQuery(
    IReadOnlyList<string> Terms,
    IReadOnlyList<IReadOnlyList<string>> Phrases,
    IReadOnlyList<string> Excluded,
    DateOnly? From,
    DateOnly? To)
{
    /// <summary>Phrases that must not occur, as normalised words like <see cref="Phrases"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ExcludedPhrases { get; init; } = [];

    /// <summary>The wanted words as the person typed them, for echoing the search back.</summary>
    public IReadOnlyList<string> HighlightWords { get; init; } = [];

    /// <summary>
    /// Those of <see cref="Terms"/> the reader is still typing (a word ending in *, or the last word under
    /// <see cref="SearchOptions.LastWordIsPrefix"/>): each also matches the most frequent terms it begins.
    /// </summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    /// <summary>
    /// Whether a wanted word also matches terms one typo away (two from nine letters on), ranked below
    /// every exact match. <see cref="Index.SearchIndex.Search"/> matches exactly whatever this says;
    /// <see cref="BulletinSearch"/> honours it.
    /// </summary>
    public bool ForgivesTypos { get; init; } = true;

    public bool HasDateFilter => From is not null || To is not null;

    /// <summary>The source a <c>source:name</c> filter named, as typed (lower case); resolved to <see cref="Origin"/> by the caller, who knows the sources.</summary>
    public string? SourceName { get; init; }

    /// <summary>Only items of this source (<see cref="Bulletins.Bulletin.Origin"/>) match; null for every source.</summary>
    public string? Origin { get; init; }
}

public sealed record QueryParseResult(SearchQuery? Query, string? Error)
{
    public bool Success => Query is not null;

    public static QueryParseResult Ok(SearchQuery query) => new(query, null);

    public static QueryParseResult Fail(string error) => new(null, error);
}

/// <summary>How a search reads what was typed; the typed <c>search</c> command uses the defaults.</summary>
public sealed record SearchOptions
{
    public static SearchOptions Default { get; } = new();

    /// <summary>The reader is still typing (inline mode, autocomplete): the last word is a prefix unless
    /// the text ends with a space.</summary>
    public bool LastWordIsPrefix { get; init; }

    /// <summary>A query of date filters alone, or of nothing, is read as every item in those dates (a chart of the
    /// whole archive) instead of refused; a query then has no terms and no phrases.</summary>
    public bool AllowOnlyDates { get; init; }
}

public sealed record SearchResults(int Total, bool TotalIsExact, IReadOnlyList<SearchHit> Hits)
{
    public static SearchResults Empty { get; } = new(0, true, []);

    /// <summary>
    /// The search as it was answered when a word was corrected ("migration talks" for "migrasion talks"):
    /// set when no hit matched every word as typed and the first hit matched a corrected word; else null.
    /// </summary>
    public string? Corrected { get; init; }
}

public sealed record SearchHit(string BulletinId, double Score)
{
    /// <summary>The segment the hit was found in, so its stored fields are read without looking the id up.</summary>
    internal Segment? Segment { get; init; }

    /// <summary>The hit's document in <see cref="Segment"/>.</summary>
    internal int Doc { get; init; }

    /// <summary>Two hits are equal by id and score, wherever the index keeps them.</summary>
    public bool Equals(SearchHit? other) =>
        other is not null && string.Equals(BulletinId, other.BulletinId, StringComparison.Ordinal) && Score.Equals(other.Score);

    public override int GetHashCode() => HashCode.Combine(BulletinId, Score);
}
