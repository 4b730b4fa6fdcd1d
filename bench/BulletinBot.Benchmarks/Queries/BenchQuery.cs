using System.Text;
using System.Text.Json.Serialization;

namespace BulletinBot.Benchmarks.Queries;

/// <summary>
/// One benchmark query in two forms: the text a person would type to the bot (<see cref="Text"/>),
/// and its parts, from which each peer builds its own native query.
/// </summary>
/// <param name="Terms">Words that must all occur, lower case, accents as in the text.</param>
/// <param name="Phrase">Two or more words that must occur in this order, or null.</param>
/// <param name="ExpectedId">For sanity queries: a bulletin every engine must return in its top 10.</param>
internal sealed record BenchQuery(
    int Number,
    string Kind,
    string[] Terms,
    string[]? Phrase,
    DateOnly? From,
    DateOnly? To,
    string? ExpectedId = null)
{
    [JsonIgnore]
    public string Text
    {
        get
        {
            var text = new StringBuilder(string.Join(' ', Terms));
            if (Phrase is not null)
            {
                text.Append(text.Length > 0 ? " \"" : "\"").Append(string.Join(' ', Phrase)).Append('"');
            }

            if (From is { } from)
            {
                text.Append($" from:{from:yyyy-MM-dd}");
            }

            if (To is { } to)
            {
                text.Append($" to:{to:yyyy-MM-dd}");
            }

            return text.ToString().Trim();
        }
    }

    [JsonIgnore]
    public bool HasDateFilter => From is not null || To is not null;

    /// <summary>All the words the query needs, phrase words included.</summary>
    [JsonIgnore]
    public IEnumerable<string> AllWords => Phrase is null ? Terms : Terms.Concat(Phrase);
}

internal static class QueryKinds
{
    public const string RareTerm = "term-rare";
    public const string CommonTerm = "term-common";
    public const string And2 = "and-2";
    public const string And3 = "and-3";
    public const string Phrase = "phrase";
    public const string DateFilter = "date-filter";
    public const string Sanity = "sanity";

    /// <summary>The measured kinds, in report order (sanity queries are checked, not timed).</summary>
    public static readonly string[] Measured = [RareTerm, CommonTerm, And2, And3, Phrase, DateFilter];
}
