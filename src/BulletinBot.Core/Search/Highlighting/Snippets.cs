using BulletinBot.Core.Text;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Search.Highlighting;

/// <summary>Short excerpts of a text around the words a search matched, with those words marked.</summary>
public static class Snippets
{
    private const string Ellipsis = "…";

    /// <summary>
    /// A window of at most <paramref name="maxChars"/> characters (plus ellipses) around the densest
    /// cluster of matched words, cut at word boundaries, whitespace collapsed.
    /// </summary>
    public static MarkedText Build(string text, SearchQuery query, int maxChars = 220)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        maxChars = Math.Max(maxChars, 20);
        var wanted = new HashSet<string>(query.Terms, StringComparer.Ordinal);
        foreach (var phrase in query.Phrases)
        {
            foreach (var word in phrase)
            {
                if (!TextAnalyzer.IsStopTerm(word))
                {
                    wanted.Add(word);
                }
            }
        }

        // Only the matched tokens are kept, each with the query's own string: a result page cuts twenty
        // of these, and a string per token of the body was most of their cost.
        var tokens = MatchedTokens(text, wanted, Loose.Of(query));
        var matched = new List<int>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            matched.Add(i);
        }

        var (start, end) = ChooseWindow(text, tokens, matched, maxChars);
        var spans = new List<TextSpan>();
        if (start > 0)
        {
            spans.Add(new TextSpan(Ellipsis, false));
        }

        var plainStart = start;
        foreach (var i in matched)
        {
            var token = tokens[i];
            if (token.Start < start || token.Start + token.Length > end)
            {
                continue;
            }

            AddPlain(spans, text, plainStart, token.Start);
            spans.Add(new TextSpan(text.Substring(token.Start, token.Length), true));
            plainStart = token.Start + token.Length;
        }

        AddPlain(spans, text, plainStart, end);
        if (end < text.Length && text.AsSpan(end).Trim().Length > 0)
        {
            spans.Add(new TextSpan(Ellipsis, false));
        }

        return new MarkedText(spans);
    }

    private static List<AnalyzedToken> MatchedTokens(string text, HashSet<string> wanted, Loose loose)
    {
        var lookup = wanted.GetAlternateLookup<ReadOnlySpan<char>>();
        var tokens = new List<AnalyzedToken>();

        // A token that starts with an ASCII character keeps it, lower-cased, as its term's first
        // character (normalising only folds, drops apostrophes, which never start a token, and cuts
        // the end), so a token whose first character starts no wanted term needs no normalising.
        UInt128 firsts = 0;
        foreach (var term in wanted)
        {
            firsts |= term.Length > 0 && term[0] < 0x80 ? UInt128.One << term[0] : 0;
        }

        Span<char> buffer = stackalloc char[TextAnalyzer.BufferLength];
        var position = 0;
        while (TextAnalyzer.NextToken(text, ref position, out var start, out var length))
        {
            var first = text[start];
            if (first < 0x80 && ((firsts >> (first is >= 'A' and <= 'Z' ? first + 32 : first)) & UInt128.One) == 0)
            {
                continue;
            }

            var termLength = TextAnalyzer.Normalize(text.AsSpan(start, length), buffer, out var isStop);
            if (termLength == 0 || isStop)
            {
                continue;
            }

            if (lookup.TryGetValue(buffer[..termLength], out var term))
            {
                tokens.Add(new AnalyzedToken(start, length, term, false));
                loose.SawExactly(term);
            }
            else if (loose.Match(buffer[..termLength], out var near, out var isTypo))
            {
                (isTypo ? loose.Typos : tokens).Add(new AnalyzedToken(start, length, near, false));
            }
        }

        return loose.Typos.Count == 0 ? tokens : loose.Merge(tokens);
    }

    /// <summary>
    /// What a word of the query matches beyond itself, as the search matched it (<see cref="TermExpansion"/>): a word
    /// still being typed every term it begins, and a word of five letters or more the terms a typo or two away (the
    /// first letter as typed). A typo's match is marked only in a text without the word as typed, so a hit found as
    /// typed is marked as before, and a corrected one ("migrasion" finding migration) as an exact one would be.
    /// </summary>
    private sealed class Loose(IReadOnlyList<string> prefixes, IReadOnlyList<string> forgiven)
    {
        private static readonly Loose None = new([], []);
        private HashSet<string>? _exact;

        public List<AnalyzedToken> Typos { get; } = [];

        public static Loose Of(SearchQuery query)
        {
            var forgiven = query.ForgivesTypos
                ? query.Terms.Where(t => TermExpansion.AllowedTypos(t.Length) > 0 && !query.Prefixes.Contains(t)).ToList()
                : [];
            return query.Prefixes.Count == 0 && forgiven.Count == 0 ? None : new Loose(query.Prefixes, forgiven);
        }

        public void SawExactly(string term)
        {
            if (forgiven.Count > 0)
            {
                (_exact ??= new HashSet<string>(StringComparer.Ordinal)).Add(term);
            }
        }

        public bool Match(ReadOnlySpan<char> token, out string term, out bool isTypo)
        {
            foreach (var prefix in prefixes)
            {
                if (token.StartsWith(prefix, StringComparison.Ordinal))
                {
                    (term, isTypo) = (prefix, false);
                    return true;
                }
            }

            foreach (var word in forgiven)
            {
                var allowed = TermExpansion.AllowedTypos(word.Length);
                if (token[0] == word[0] && token.Length <= TextAnalyzer.MaxTermLength && Damerau.Distance(word, token, allowed) <= allowed)
                {
                    (term, isTypo) = (word, true);
                    return true;
                }
            }

            (term, isTypo) = (string.Empty, false);
            return false;
        }

        /// <summary>The tokens with the typos' matches of words the text does not hold as typed, in text order.</summary>
        public List<AnalyzedToken> Merge(List<AnalyzedToken> tokens)
        {
            tokens.AddRange(Typos.Where(t => _exact is null || !_exact.Contains(t.Term)));
            tokens.Sort((a, b) => a.Start.CompareTo(b.Start));
            return tokens;
        }
    }

    // Picks the window holding the most distinct matched terms, then the most matches; it starts a
    // little before the first match in it so the reader gets some context.
    private static (int Start, int End) ChooseWindow(string text, List<AnalyzedToken> tokens, List<int> matched, int maxChars)
    {
        var trimmedStart = 0;
        while (trimmedStart < text.Length && char.IsWhiteSpace(text[trimmedStart]))
        {
            trimmedStart++;
        }

        if (text.Length - trimmedStart <= maxChars)
        {
            return (trimmedStart, text.Length);
        }

        var bestFirst = -1;
        int bestDistinct = 0, bestCount = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < matched.Count; a++)
        {
            distinct.Clear();
            var windowStart = tokens[matched[a]].Start;
            var count = 0;
            for (var z = a; z < matched.Count; z++)
            {
                var token = tokens[matched[z]];
                if (token.Start + token.Length - windowStart > maxChars)
                {
                    break;
                }

                distinct.Add(token.Term);
                count++;
            }

            if (distinct.Count > bestDistinct || (distinct.Count == bestDistinct && count > bestCount))
            {
                bestFirst = a;
                bestDistinct = distinct.Count;
                bestCount = count;
            }
        }

        if (bestFirst < 0)
        {
            return (trimmedStart, CutAfter(text, trimmedStart + maxChars));
        }

        var first = tokens[matched[bestFirst]];
        var lead = Math.Min(maxChars / 4, 40);
        var start = Math.Max(trimmedStart, first.Start - lead);
        if (start > trimmedStart)
        {
            // Start on a word boundary: skip the word the window cut into.
            while (start < first.Start && !char.IsWhiteSpace(text[start - 1]))
            {
                start++;
            }

            while (start < first.Start && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }

        return (start, CutAfter(text, start + maxChars));
    }

    // The end of the last whole word that fits before limit.
    private static int CutAfter(string text, int limit)
    {
        if (limit >= text.Length)
        {
            return text.Length;
        }

        var end = limit;
        if (!char.IsWhiteSpace(text[end]))
        {
            while (end > 0 && !char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }
        }

        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        // One word longer than the window: cut it, but between two graphemes.
        return end == 0 ? TextCut.Floor(text, limit) : end;
    }

    private static void AddPlain(List<TextSpan> spans, string text, int start, int end)
    {
        if (end <= start)
        {
            return;
        }

        var builder = new System.Text.StringBuilder(end - start);
        var lastWasSpace = false;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
            }
            else
            {
                builder.Append(c);
                lastWasSpace = false;
            }
        }

        spans.Add(new TextSpan(builder.ToString(), false));
    }
}
