using System.Text;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// A search that forgives: a word still being typed matches the terms it begins, and a word of five
/// letters or more matches terms a typo away (two from nine letters on). Each word's alternatives come
/// from the term dictionaries (<see cref="TermExpansion"/>); the query is run once per combination of
/// alternatives, fewest typos first, each run an exact conjunction through <see cref="QueryEvaluator"/>,
/// and the hits are merged by id.
/// <para>
/// Ranking, as Meilisearch's "typo" rule: fewer corrected words first, so a hit matching every word as
/// typed always ranks above a corrected one; a corrected hit's score is multiplied by
/// <see cref="TypoFactor"/> per typo. Typo matches are always eligible (Meilisearch), but the corrected
/// runs are skipped when the runs as typed already fill the page asked for: they could only rank below it.
/// The count then is of the matches as typed; a later page asks again and reaches the corrected ones.
/// </para>
/// </summary>
internal static class TolerantSearch
{
    /// <summary>At most this many combinations of alternatives are run.</summary>
    public const int MaxVariants = 16;

    /// <summary>At most this many words of one search are corrected at once.</summary>
    public const int MaxCorrectedWords = 2;

    /// <summary>A corrected hit's score is multiplied by this per typo.</summary>
    public const double TypoFactor = 0.5;

    public static SearchResults Run(IndexSnapshot snapshot, SearchQuery query, int skip, int take)
    {
        if (query.Prefixes.Count == 0 && !query.ForgivesTypos)
        {
            return QueryEvaluator.Run(snapshot, query, skip, take);
        }

        var choices = new List<List<TermAlternative>>(query.Terms.Count);
        var asTyped = true;
        foreach (var term in query.Terms)
        {
            var isPrefix = query.Prefixes.Contains(term);
            var alternatives = TermExpansion.Exact(snapshot, term, isPrefix);
            asTyped &= alternatives.Count == 1 && alternatives[0].Term == term;
            if (query.ForgivesTypos)
            {
                alternatives.AddRange(TermExpansion.Corrections(snapshot, term));
            }

            if (alternatives.Count == 0)
            {
                return SearchResults.Empty;
            }

            choices.Add(alternatives);
        }

        var variants = new List<(string[] Terms, int Typos)>();
        Combine(choices, 0, new string[choices.Count], 0, 0, variants);
        variants = [.. variants.OrderBy(v => v.Typos).Take(MaxVariants)];

        // The common case: every word is in the index as typed, and nothing else could fill the page.
        var depth = (int)Math.Min((long)skip + take, SearchIndex.MaxResultDepth);
        if (asTyped && variants.Count > 0 && variants[0].Typos == 0)
        {
            var typed = QueryEvaluator.Run(snapshot, query, 0, depth);
            if (typed.Hits.Count >= depth || variants.Count == 1)
            {
                return typed with { Hits = [.. typed.Hits.Skip(skip).Take(take)] };
            }
        }

        var best = new Dictionary<string, (SearchHit Hit, int Typos, int Variant)>(StringComparer.Ordinal);
        var countIsExact = true;
        long largest = 0;
        var runs = 0;
        SearchResults? only = null;
        for (var v = 0; v < variants.Count; v++)
        {
            var (terms, typos) = variants[v];
            if (typos > 0 && best.Count >= depth)
            {
                // Every hit still to come ranks below the page: leave those runs out.
                break;
            }

            var results = QueryEvaluator.Run(snapshot, query with { Terms = [.. terms.Distinct(StringComparer.Ordinal)], Prefixes = [] }, 0, depth);
            runs++;
            only = results;
            countIsExact &= results.TotalIsExact && results.Total == results.Hits.Count;
            largest = Math.Max(largest, results.Total);
            var factor = Math.Pow(TypoFactor, typos);
            foreach (var hit in results.Hits)
            {
                var scored = hit with { Score = hit.Score * factor };
                if (!best.TryGetValue(hit.BulletinId, out var known) || Better(scored, typos, known.Hit, known.Typos))
                {
                    best[hit.BulletinId] = (scored, typos, v);
                }
            }
        }

        if (runs == 1 && only is not null && variants[0].Typos == 0)
        {
            return only with { Hits = [.. only.Hits.Skip(skip).Take(take)] };
        }

        var merged = best.Values.ToList();
        merged.Sort((x, y) => Better(x.Hit, x.Typos, y.Hit, y.Typos) ? -1 : Better(y.Hit, y.Typos, x.Hit, x.Typos) ? 1 : 0);
        var total = countIsExact ? merged.Count : Math.Max(merged.Count, largest);
        var corrected = merged.Count > 0 && merged[0].Typos > 0 ? Correct(query, variants[merged[0].Variant].Terms) : null;
        return new SearchResults((int)Math.Min(total, int.MaxValue), countIsExact, [.. merged.Skip(skip).Take(take).Select(m => m.Hit)])
        {
            Corrected = corrected,
        };
    }

    // Fewer typos, then the higher score, then the newer day, then the smaller id: as TopK ranks.
    private static bool Better(SearchHit hit, int typos, SearchHit other, int otherTypos)
    {
        if (typos != otherTypos)
        {
            return typos < otherTypos;
        }

        if (hit.Score != other.Score)
        {
            return hit.Score > other.Score;
        }

        var day = hit.Segment?.Days[hit.Doc] ?? 0;
        var otherDay = other.Segment?.Days[other.Doc] ?? 0;
        return day != otherDay ? day > otherDay : string.CompareOrdinal(hit.BulletinId, other.BulletinId) < 0;
    }

    private static void Combine(List<List<TermAlternative>> choices, int word, string[] picked, int typos, int corrected, List<(string[] Terms, int Typos)> into)
    {
        // Enough to choose the fewest-typo combinations from, however many words a search has.
        if (into.Count >= MaxVariants * 8)
        {
            return;
        }

        if (word == choices.Count)
        {
            into.Add(((string[])picked.Clone(), typos));
            return;
        }

        foreach (var alternative in choices[word])
        {
            if (alternative.Typos > 0 && corrected == MaxCorrectedWords)
            {
                continue;
            }

            picked[word] = alternative.Term;
            Combine(choices, word + 1, picked, typos + alternative.Typos, corrected + (alternative.Typos > 0 ? 1 : 0), into);
        }
    }

    // The words as typed, each corrected one replaced by the term it was read as.
    private static string Correct(SearchQuery query, string[] terms)
    {
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < query.Terms.Count && i < terms.Length; i++)
        {
            if (query.Terms[i] != terms[i])
            {
                replacements[query.Terms[i]] = terms[i];
            }
        }

        var text = new StringBuilder();
        foreach (var word in query.HighlightWords)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            var position = 0;
            var copied = 0;
            while (TextAnalyzer.NextToken(word, ref position, out var start, out var length))
            {
                var term = TextAnalyzer.NormalizeWord(word.AsSpan(start, length), out _);
                if (replacements.TryGetValue(term, out var corrected))
                {
                    text.Append(word, copied, start - copied).Append(corrected);
                    copied = start + length;
                }
            }

            text.Append(word, copied, word.Length - copied);
        }

        return text.ToString();
    }
}
