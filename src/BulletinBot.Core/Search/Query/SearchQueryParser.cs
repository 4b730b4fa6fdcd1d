using System.Globalization;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search.Analysis;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// Parses the search language: words (ANDed), "quoted phrases", -word and -"phrase" exclusions,
/// from:/to: date filters (a day, a month or a year).
/// </summary>
public static class SearchQueryParser
{
    public const int MaxQueryLength = 1000;
    public const int MaxWords = 16;

    public const string EmptyQueryError = "Search for what? Give me a word or two, like: search migration talks";
    public const string OnlyCommonWordsError =
        "Every word of that search is too common to search for (the, and, of...); add a more telling word, like: search migration talks";
    public const string OnlyExclusionsError =
        "Tell me what to look for, not only what to leave out, like: search talks -cancelled";

    /// <summary>The suffix that makes a word a prefix: <c>migr*</c> matches migration.</summary>
    public const char PrefixMark = '*';

    public static QueryParseResult Parse(string text) => Parse(text, SearchOptions.Default);

    public static QueryParseResult Parse(string text, SearchOptions options) => Parse(text, options, BotText.English);

    /// <summary>Parses <paramref name="text"/>; an error is in the reader's language (<paramref name="say"/>).</summary>
    public static QueryParseResult Parse(string text, SearchOptions options, BotText say)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(say);
        if (options.LastWordIsPrefix && text.Length > 0 && !char.IsWhiteSpace(text[^1]) && text[^1] != PrefixMark)
        {
            text += PrefixMark;
        }

        if (text.Length > MaxQueryLength)
        {
            return QueryParseResult.Fail(say.SearchTooLong(MaxQueryLength, MaxWords));
        }

        var state = new ParseState(say, options.AllowOnlyDates);
        var position = 0;
        while (position < text.Length)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                break;
            }

            var negated = false;
            if (IsDash(text[position]) && position + 1 < text.Length && !char.IsWhiteSpace(text[position + 1])
                && !IsDash(text[position + 1]))
            {
                negated = true;
                position++;
            }

            string? error;
            if (IsQuote(text[position]))
            {
                var close = IndexOfQuote(text, position + 1);
                var end = close < 0 ? text.Length : close;
                error = state.AddPhrase(text.AsSpan(position + 1, end - position - 1), negated);
                position = close < 0 ? text.Length : close + 1;
            }
            else
            {
                var start = position;
                while (position < text.Length && !char.IsWhiteSpace(text[position]) && !IsQuote(text[position]))
                {
                    position++;
                }

                error = state.AddWord(text.AsSpan(start, position - start), negated);
            }

            if (error is not null)
            {
                return QueryParseResult.Fail(error);
            }
        }

        return state.Finish();
    }

    private static bool IsDash(char c) => c is '-' or '\u2212' or '\u2013';

    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u00AB' or '\u00BB';

    private static int IndexOfQuote(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (IsQuote(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class ParseState(BotText say, bool allowOnlyDates)
    {
        private readonly List<string> terms = [];
        private readonly List<IReadOnlyList<string>> phrases = [];
        private readonly List<string> excluded = [];
        private readonly List<string> prefixes = [];
        private readonly List<IReadOnlyList<string>> excludedPhrases = [];
        private bool sawOnlyCommonWords;
        private readonly List<string> highlightWords = [];
        private DateOnly? from;
        private DateOnly? to;
        private string? sourceName;
        private int wordCount;

        public string? AddWord(ReadOnlySpan<char> word, bool negated)
        {
            var isPrefix = false;
            while (word.Length > 0 && word[^1] == PrefixMark)
            {
                word = word[..^1];
                isPrefix = !negated;
            }

            if (!negated && TryDateFilter(word, out var error))
            {
                return error;
            }

            if (!negated && SourceSyntax.TryRead(word, out var source))
            {
                sourceName = source;
                return null;
            }

            var added = false;
            string? lastTerm = null;
            var position = 0;
            while (TextAnalyzer.NextToken(word, ref position, out var start, out var length))
            {
                var term = TextAnalyzer.NormalizeWord(word.Slice(start, length), out var isStop);
                if (term.Length == 0 || isStop)
                {
                    sawOnlyCommonWords |= isStop;
                    continue;
                }

                if (++wordCount > MaxWords)
                {
                    return TooManyWords;
                }

                added = true;
                lastTerm = term;
                AddDistinct(negated ? excluded : terms, term);
            }

            if (added && !negated)
            {
                highlightWords.Add(word.ToString());
            }

            // "talk*" and "migration-ta*" alike: the last token of the word is the one being typed.
            if (isPrefix && lastTerm is not null)
            {
                AddDistinct(prefixes, lastTerm);
            }

            return null;
        }

        public string? AddPhrase(ReadOnlySpan<char> text, bool negated)
        {
            var words = new List<string>();
            var position = 0;
            while (TextAnalyzer.NextToken(text, ref position, out var start, out var length))
            {
                var term = TextAnalyzer.NormalizeWord(text.Slice(start, length), out var isStop);
                if (term.Length == 0)
                {
                    continue;
                }

                if (!isStop && ++wordCount > MaxWords)
                {
                    return TooManyWords;
                }

                words.Add(term);
            }

            // Stop words at either end constrain nothing, since they are not indexed.
            var first = words.FindIndex(w => !TextAnalyzer.IsStopTerm(w));
            if (first < 0)
            {
                sawOnlyCommonWords |= words.Count > 0;
                return null;
            }

            var last = words.FindLastIndex(w => !TextAnalyzer.IsStopTerm(w));
            var phrase = words.GetRange(first, last - first + 1);
            if (phrase.Count == 1)
            {
                AddDistinct(negated ? excluded : terms, phrase[0]);
            }
            else
            {
                (negated ? excludedPhrases : phrases).Add(phrase);
            }

            if (!negated)
            {
                highlightWords.Add(text.Trim().ToString());
            }

            return null;
        }

        public QueryParseResult Finish()
        {
            var nothingTyped = excluded.Count == 0 && excludedPhrases.Count == 0 && !sawOnlyCommonWords;
            if (terms.Count == 0 && phrases.Count == 0 && !(allowOnlyDates && nothingTyped))
            {
                return QueryParseResult.Fail(
                    excluded.Count > 0 || excludedPhrases.Count > 0 ? say.SearchOnlyExclusions
                    : sawOnlyCommonWords ? say.SearchOnlyCommonWords
                    : say.SearchEmpty);
            }

            if (from is { } f && to is { } t && f > t)
            {
                return QueryParseResult.Fail(
                    say.SearchDatesSwapped(f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            return QueryParseResult.Ok(new SearchQuery(terms, phrases, excluded, from, to)
            {
                ExcludedPhrases = excludedPhrases,
                HighlightWords = highlightWords,
                Prefixes = prefixes,
                SourceName = sourceName,
            });
        }

        private string TooManyWords => say.SearchTooManyWords(MaxWords);

        private static void AddDistinct(List<string> list, string term)
        {
            if (!list.Contains(term))
            {
                list.Add(term);
            }
        }

        private bool TryDateFilter(ReadOnlySpan<char> word, out string? error)
        {
            error = null;
            bool isFrom;
            ReadOnlySpan<char> value;
            if (word.StartsWith("from:", StringComparison.OrdinalIgnoreCase))
            {
                isFrom = true;
                value = word[5..];
            }
            else if (word.StartsWith("to:", StringComparison.OrdinalIgnoreCase))
            {
                isFrom = false;
                value = word[3..];
            }
            else
            {
                return false;
            }

            var name = isFrom ? "from" : "to";
            if (!TryParsePeriod(value, out var first, out var last))
            {
                var shown = value.Length > 20 ? string.Concat(value[..20], "…") : value.ToString();
                error = say.SearchBadDate(shown, name);
                return true;
            }

            if (isFrom)
            {
                from = first;
            }
            else
            {
                to = last;
            }

            return true;
        }

        private static bool TryParsePeriod(ReadOnlySpan<char> value, out DateOnly first, out DateOnly last)
        {
            first = default;
            last = default;
            var invariant = CultureInfo.InvariantCulture;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var day))
            {
                first = last = day;
                return true;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM", invariant, DateTimeStyles.None, out var month))
            {
                first = month;
                last = month.AddMonths(1).AddDays(-1);
                return true;
            }

            if (value.Length == 4 && int.TryParse(value, NumberStyles.None, invariant, out var year) && year >= 1)
            {
                first = new DateOnly(year, 1, 1);
                last = new DateOnly(year, 12, 31);
                return true;
            }

            return false;
        }
    }
}
