using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Query;

/// <summary>One term a query word may match: itself, a term it begins, or a term a typo or two away.</summary>
internal readonly record struct TermAlternative(string Term, int Typos, long DocFreq);

/// <summary>
/// What a word may match beyond itself, read from the segments' sorted term dictionaries: the terms it
/// begins (search as you type) and the terms a typo away. Per segment the candidates of a word are
/// cached (segments never change), so typing the next letter or paging costs a lookup; the live document
/// frequencies are summed over the snapshot on every search, since deletions change them.
/// </summary>
internal static class TermExpansion
{
    /// <summary>A word still being typed matches at most this many terms, the most frequent ones.</summary>
    public const int MaxPrefixTerms = 8;

    /// <summary>A word matches at most this many corrected terms, the most frequent ones.</summary>
    public const int MaxTypoTerms = 4;

    /// <summary>One typo is forgiven in a word of this many letters or more...</summary>
    public const int OneTypoLength = 5;

    /// <summary>...and two in a word of this many.</summary>
    public const int TwoTyposLength = 9;

    private const int CacheLimit = 4096;

    private static readonly ConditionalWeakTable<Segment, ConcurrentDictionary<(string Word, int Kind), (int Ordinal, string Term, int Typos)[]>> Caches = [];

    /// <summary>The typos forgiven in a word of <paramref name="length"/> letters.</summary>
    public static int AllowedTypos(int length) => length >= TwoTyposLength ? 2 : length >= OneTypoLength ? 1 : 0;

    /// <summary>
    /// The terms <paramref name="word"/> matches in the snapshot with no typo: itself first when some live
    /// document holds it, then (when <paramref name="isPrefix"/>) the most frequent terms it begins.
    /// </summary>
    public static List<TermAlternative> Exact(IndexSnapshot snapshot, string word, bool isPrefix)
    {
        var found = Gather(snapshot, word, isPrefix, typos: false);
        var alternatives = new List<TermAlternative>();
        if (found.TryGetValue(word, out var own))
        {
            alternatives.Add(new TermAlternative(word, 0, own.DocFreq));
        }

        alternatives.AddRange(found.Where(f => f.Key != word && !TextAnalyzer.IsStopTerm(f.Key))
            .OrderByDescending(f => f.Value.DocFreq).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take(MaxPrefixTerms - alternatives.Count)
            .Select(f => new TermAlternative(f.Key, 0, f.Value.DocFreq)));
        return alternatives;
    }

    /// <summary>The most frequent terms one or two typos from <paramref name="word"/> (fewer typos first), never the word itself.</summary>
    public static List<TermAlternative> Corrections(IndexSnapshot snapshot, string word)
    {
        if (AllowedTypos(word.Length) == 0)
        {
            return [];
        }

        return [.. Gather(snapshot, word, isPrefix: false, typos: true)
            .Where(f => f.Key != word && !TextAnalyzer.IsStopTerm(f.Key))
            .OrderBy(f => f.Value.Typos).ThenByDescending(f => f.Value.DocFreq).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take(MaxTypoTerms)
            .Select(f => new TermAlternative(f.Key, f.Value.Typos, f.Value.DocFreq))];
    }

    private static Dictionary<string, (long DocFreq, int Typos)> Gather(IndexSnapshot snapshot, string word, bool isPrefix, bool typos)
    {
        var found = new Dictionary<string, (long DocFreq, int Typos)>(StringComparer.Ordinal);
        foreach (var state in snapshot.Segments)
        {
            foreach (var (ordinal, term, distance) in Candidates(state.Segment, word, isPrefix, typos))
            {
                var docFreq = state.LiveDocFreq(ordinal);
                if (docFreq > 0)
                {
                    found[term] = found.TryGetValue(term, out var known) ? (known.DocFreq + docFreq, distance) : (docFreq, distance);
                }
            }
        }

        return found;
    }

    private static (int Ordinal, string Term, int Typos)[] Candidates(Segment segment, string word, bool isPrefix, bool typos)
    {
        var cache = Caches.GetOrCreateValue(segment);
        var key = (word, typos ? 2 : isPrefix ? 1 : 0);
        if (cache.TryGetValue(key, out var known))
        {
            return known;
        }

        var found = new List<(int Ordinal, string Term)>();
        (int, string, int)[] result;
        if (!typos)
        {
            if (isPrefix)
            {
                segment.Terms.CollectPrefix(word, word.Length, int.MaxValue, found);
            }
            else if (segment.Terms.Ordinal(word) is var ordinal and >= 0)
            {
                found.Add((ordinal, word));
            }

            result = [.. found.Select(f => (f.Ordinal, f.Term, 0))];
        }
        else
        {
            // The prefilter: a typo is forgiven after the first letter only (as Typesense and Meilisearch
            // count a first-letter typo as two), so the candidates are one sorted range, then a length window.
            var allowed = AllowedTypos(word.Length);
            segment.Terms.CollectPrefix(word[..1], word.Length - allowed, word.Length + allowed, found);
            result = [.. found
                .Select(f => (f.Ordinal, f.Term, Typos: f.Term.Length > TextAnalyzer.MaxTermLength ? allowed + 1 : Damerau.Distance(word, f.Term, allowed)))
                .Where(f => f.Typos <= allowed)];
        }

        if (cache.Count >= CacheLimit)
        {
            cache.Clear();
        }

        cache[key] = result;
        return result;
    }
}

/// <summary>Damerau-Levenshtein distance (optimal string alignment: a swap of two neighbours is one typo).</summary>
internal static class Damerau
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>, or <paramref name="max"/> + 1
    /// as soon as it is known to exceed <paramref name="max"/>.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var width = b.Length + 1;
        Span<int> rows = stackalloc int[3 * width];
        var before = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var spare = before;
            before = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[b.Length], max + 1);
    }
}
