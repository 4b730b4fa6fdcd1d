using BulletinBot.Benchmarks.Text;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Scoring;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>How the floor index turns text into terms. An empty term stands for a stop word that holds its position.</summary>
internal interface IFloorAnalysis
{
    void Tokenize<TState>(string text, ref TState state, TokenAction<TState> onToken);

    /// <summary>The terms one query word stands for ("" for a stop word).</summary>
    IEnumerable<string> QueryTerms(string word);
}

/// <summary>The peers' way: letters and digits, case and accents folded, nothing stemmed, no stop words.</summary>
internal sealed class FoldingAnalysis : IFloorAnalysis
{
    public static FoldingAnalysis Instance { get; } = new();

    public void Tokenize<TState>(string text, ref TState state, TokenAction<TState> onToken) =>
        Folding.Tokenize(text, ref state, onToken);

    public IEnumerable<string> QueryTerms(string word) => Folding.Tokens(word);
}

/// <summary>
/// Our analyzer (folding, light stemming, stop words holding their positions), so that the floor's
/// exhaustive answers can be compared with our index's term for term.
/// </summary>
internal sealed class OurAnalysis : IFloorAnalysis
{
    /// <summary>The weight our index gives the title against the body in BM25F.</summary>
    public const double TitleBoost = Bm25.TitleBoost;

    public static OurAnalysis Instance { get; } = new();

    public void Tokenize<TState>(string text, ref TState state, TokenAction<TState> onToken)
    {
        Span<char> buffer = stackalloc char[TextAnalyzer.BufferLength];
        var position = 0;
        while (TextAnalyzer.NextToken(text, ref position, out var start, out var length))
        {
            var termLength = TextAnalyzer.Normalize(text.AsSpan(start, length), buffer, out var isStopWord);
            if (termLength > 0)
            {
                onToken(isStopWord ? [] : buffer[..termLength], ref state);
            }
        }
    }

    public IEnumerable<string> QueryTerms(string word)
    {
        var term = TextAnalyzer.NormalizeWord(word, out var isStopWord);
        return term.Length == 0 ? [] : [isStopWord ? "" : term];
    }
}
