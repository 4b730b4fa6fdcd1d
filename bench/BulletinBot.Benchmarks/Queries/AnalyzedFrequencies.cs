using BulletinBot.Benchmarks.Text;
using BulletinBot.Core.Search.Analysis;

namespace BulletinBot.Benchmarks.Queries;

/// <summary>
/// Document frequencies of the corpus's words under the analyzers the engines use: our stem (folded,
/// lightly stemmed) and the floor's and FTS5's folding. Lucene's StandardAnalyzer lower-cases
/// without folding, which is the surface form the query builder already counts. Each distinct
/// surface word is analysed once.
/// </summary>
internal sealed class AnalyzedFrequencies
{
    private readonly Dictionary<string, (string Folded, string Stem)> _forms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _folded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _stems = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenFolded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenStems = new(StringComparer.Ordinal);

    /// <summary>Our analyzer's term for a word ("" for a stop word or none).</summary>
    public static string Stem(string word)
    {
        var term = TextAnalyzer.NormalizeWord(word, out var isStopWord);
        return isStopWord ? "" : term;
    }

    /// <summary>Counts one document, given its distinct surface words.</summary>
    public void AddDocument(IEnumerable<string> distinctWords)
    {
        _seenFolded.Clear();
        _seenStems.Clear();
        foreach (var word in distinctWords)
        {
            var (folded, stem) = Forms(word);
            if (_seenFolded.Add(folded))
            {
                _folded[folded] = _folded.GetValueOrDefault(folded) + 1;
            }

            if (stem.Length > 0 && _seenStems.Add(stem))
            {
                _stems[stem] = _stems.GetValueOrDefault(stem) + 1;
            }
        }
    }

    /// <summary>True when the word's stem and its folded form both have a document frequency <paramref name="rare"/> accepts.</summary>
    public bool IsRareForEvery(string word, Func<int, bool> rare)
    {
        var (folded, stem) = Forms(word);
        return stem.Length > 0 && rare(_stems.GetValueOrDefault(stem)) && rare(_folded.GetValueOrDefault(folded));
    }

    private (string Folded, string Stem) Forms(string word)
    {
        if (!_forms.TryGetValue(word, out var forms))
        {
            forms = (string.Concat(Folding.Tokens(word)), Stem(word));
            _forms[word] = forms;
        }

        return forms;
    }
}
