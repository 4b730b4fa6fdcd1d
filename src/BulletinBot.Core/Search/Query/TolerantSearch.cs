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
/// runs, and the look-up of the corrections, are skipped when the runs as typed already fill the page
/// asked for: they could only rank below it. The count then is of the matches as typed; a later page
/// asks deeper and reaches the corrected ones.
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

        var depth = (int)Math.Min((long)skip + take, SearchIndex.MaxResultDepth);
        var choices = new List<List<TermAlternative>>(query.Terms.Count);
        foreach (var term in query.Terms)
        {
            choices.Add(TermExpansion.Exact(snapshot, term, query.Prefixes.Contains(term)));
        }

        var merge = new Merge(snapshot, query, depth);
        if (choices.TrueForAll(c => c.Count > 0))
        {
            var asTyped = new List<(string[] Terms, int Typos)>();
            Combine(choices, 0, new string[choices.Count], 0, 0, asTyped);
            if (asTyped.Count == 1 && asTyped[0].Terms.SequenceEqual(query.Terms))
            {
                // The common case: every word is in the index as typed. When its matches fill the page,
                // nothing corrected could enter it, and the answer is the exact engine's own.
                var typed = QueryEvaluator.Run(snapshot, query, 0, depth);
                if (typed.Hits.Count >= depth || !query.ForgivesTypos)
                {
                    return typed with { Hits = [.. typed.Hits.Skip(skip).Take(take)] };
                }

                merge.Add(typed, asTyped[0]);
            }
            else
            {
                merge.RunAll(asTyped.Take(MaxVariants));
            }
        }

        if (query.ForgivesTypos && merge.Hits < depth)
        {
            for (var i = 0; i < choices.Count; i++)
            {
                choices[i].AddRange(TermExpansion.Corrections(snapshot, query.Terms[i]));
            }

            if (choices.TrueForAll(c => c.Count > 0))
            {
                var corrected = new List<(string[] Terms, int Typos)>();
                Combine(choices, 0, new string[choices.Count], 0, 0, corrected);
                merge.RunAll(corrected.Where(v => v.Typos > 0).OrderBy(v => v.Typos).Take(MaxVariants));
            }
        }

        return merge.Results(skip, take);
    }

    /// <summary>The hits of the runs so far, the best copy of each id kept.</summary>
    private sealed class Merge(IndexSnapshot snapshot, SearchQuery query, int depth)
    {
        private readonly Dictionary<string, (SearchHit Hit, int Typos, string[] Terms)> best = new(StringComparer.Ordinal);
        private bool countIsExact = true;
        private long largest;

        public int Hits => best.Count;

        public void RunAll(IEnumerable<(string[] Terms, int Typos)> variants)
        {
            var level = -1;
            foreach (var variant in variants)
            {
                // Every hit of a run with more typos ranks below a full page: leave those runs out.
                if (variant.Typos > level && best.Count >= depth)
                {
                    return;
                }

                level = variant.Typos;
                var terms = variant.Terms.Distinct(StringComparer.Ordinal).ToList();
                Add(QueryEvaluator.Run(snapshot, query with { Terms = terms, Prefixes = [] }, 0, depth), variant);
            }
        }

        public void Add(SearchResults results, (string[] Terms, int Typos) variant)
        {
            countIsExact &= results.TotalIsExact && results.Total == results.Hits.Count;
            largest = Math.Max(largest, results.Total);
            var factor = Math.Pow(TypoFactor, variant.Typos);
            foreach (var hit in results.Hits)
            {
                var scored = variant.Typos == 0 ? hit : hit with { Score = hit.Score * factor };
                if (!best.TryGetValue(hit.BulletinId, out var known) || Better(scored, variant.Typos, known.Hit, known.Typos))
                {
                    best[hit.BulletinId] = (scored, variant.Typos, variant.Terms);
                }
            }
        }

        public SearchResults Results(int skip, int take)
        {
            var merged = best.Values.ToList();
            merged.Sort((x, y) => Better(x.Hit, x.Typos, y.Hit, y.Typos) ? -1 : Better(y.Hit, y.Typos, x.Hit, x.Typos) ? 1 : 0);
            var total = countIsExact ? merged.Count : Math.Max(merged.Count, largest);
            return new SearchResults((int)Math.Min(total, int.MaxValue), countIsExact, [.. merged.Skip(skip).Take(take).Select(m => m.Hit)])
            {
                Corrected = merged.Count > 0 && merged[0].Typos > 0 ? Correct(query, merged[0].Terms) : null,
            };
        }
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
