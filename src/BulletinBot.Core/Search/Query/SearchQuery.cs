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

    public bool HasDateFilter => From is not null || To is not null;
}

public sealed record QueryParseResult(SearchQuery? Query, string? Error)
{
    public bool Success => Query is not null;

    public static QueryParseResult Ok(SearchQuery query) => new(query, null);

    public static QueryParseResult Fail(string error) => new(null, error);
}

public sealed record SearchResults(int Total, bool TotalIsExact, IReadOnlyList<SearchHit> Hits)
{
    public static SearchResults Empty { get; } = new(0, true, []);
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
