using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// The floor scoring the way each peer does, so that a peer's top 10 can be held to an exhaustive
/// answer of its own formula and differ only in ties:
/// <list type="bullet">
/// <item><see cref="AsLucene"/>: Lucene.Net 4.8's BM25Similarity, in single precision. Each field
/// length goes through Lucene's one-byte norm (1/√length as a SmallFloat 3.5 byte) and back; idf is
/// log(1 + (N − df + 0.5)/(df + 0.5)); a phrase is one clause scored by its own frequency with the sum
/// of its words' idf.</item>
/// <item><see cref="AsFts5"/>: FTS5's bm25(): every quoted unit (a word or the phrase) is scored by
/// its own frequency, idf is ln((N − n + 0.5)/(n + 0.5)) with n the rows holding that unit (a tiny
/// positive number where that is not above 0), lengths exact, in double precision.</item>
/// </list>
/// </summary>
internal sealed partial class FloorEngine
{
    public const string AsLucene = "as-lucene";
    public const string AsFts5 = "as-fts5";

    private List<string> TokensOf(int doc)
    {
        var tokens = new List<string>(_bodyLengths[doc] + _titleLengths[doc]);
        foreach (var text in new[] { _titles[doc], _bodies[doc] })
        {
            analysis.Tokenize(text, ref tokens, static (ReadOnlySpan<char> token, ref List<string> list) => list.Add(token.ToString()));
        }

        return tokens;
    }

    private static int CountPhrase(List<string> tokens, string[] phrase)
    {
        var count = 0;
        for (var i = 0; i + phrase.Length <= tokens.Count; i++)
        {
            var j = 0;
            while (j < phrase.Length && string.Equals(tokens[i + j], phrase[j], StringComparison.Ordinal))
            {
                j++;
            }

            count += j == phrase.Length ? 1 : 0;
        }

        return count;
    }

    /// <summary>Rows that hold the phrase anywhere (FTS5's n for a phrase): the words' lists intersected, then each candidate read.</summary>
    private int PhraseRows(string[] phrase)
    {
        var lists = phrase.Distinct(StringComparer.Ordinal).Select(w => _postings.TryGetValue(w, out var l) ? l : null).ToArray();
        if (lists.Any(l => l is null))
        {
            return 0;
        }

        var rows = 0;
        var others = lists.Skip(1).Select(l => l!.Select(p => p.Doc).ToHashSet()).ToArray();
        foreach (var (doc, _) in lists[0]!)
        {
            if (others.All(o => o.Contains(doc)) && (ContainsPhrase(_titles[doc], phrase) || ContainsPhrase(_bodies[doc], phrase)))
            {
                rows++;
            }
        }

        return rows;
    }

    /// <summary>One query's scoring as a peer does it; built once per query, then asked per matching item.</summary>
    private sealed class PeerScorer
    {
        private const float LuceneK1 = 1.2f;
        private const float LuceneB = 0.75f;

        private readonly FloorEngine _floor;
        private readonly bool _lucene;
        private readonly List<(int Doc, int Tf)>[] _lists;
        private readonly int[] _units;
        private readonly double[] _idf;
        private readonly string[]? _phrase;
        private readonly double _phraseIdf;
        private readonly double _averageLength;

        private PeerScorer(FloorEngine floor, string variant, BenchQuery query, string[] words, List<(int Doc, int Tf)>[] lists)
        {
            _floor = floor;
            _lucene = variant == AsLucene;
            _lists = lists;
            var n = floor._ids.Count;
            _units = query.Terms.SelectMany(floor.Analysis.QueryTerms).Where(t => t.Length > 0)
                .Select(t => Array.IndexOf(words, t)).ToArray();
            _idf = _units.Select(u => _lucene ? LuceneIdf(n, lists[u].Count) : Fts5Idf(n, lists[u].Count)).ToArray();
            var phrase = query.Phrase?.SelectMany(floor.Analysis.QueryTerms).Where(t => t.Length > 0).ToArray();
            if (phrase is { Length: > 0 })
            {
                _phrase = phrase;
                if (_lucene)
                {
                    var sum = 0f;
                    foreach (var word in phrase)
                    {
                        sum += LuceneIdf(n, floor._postings[word].Count);
                    }

                    _phraseIdf = sum;
                }
                else
                {
                    _phraseIdf = Fts5Idf(n, floor.PhraseRows(phrase));
                }
            }

            _averageLength = _lucene
                ? (float)(floor._lengthSum / (double)n)
                : floor._lengthSum / (double)n;
        }

        public static PeerScorer For(FloorEngine floor, string variant, BenchQuery query, string[] words, List<(int Doc, int Tf)>[] lists) =>
            floor.OneField && variant is AsLucene or AsFts5
                ? new PeerScorer(floor, variant, query, words, lists)
                : throw new ArgumentException($"The floor has no variant '{variant}' here.", nameof(variant));

        public double Score(int doc, int[] cursors)
        {
            var length = _floor._titleLengths[doc] + _floor._bodyLengths[doc];
            if (_lucene)
            {
                var norm = LuceneK1 * ((1 - LuceneB) + (LuceneB * LuceneLength(length) / (float)_averageLength));
                var score = 0f;
                for (var i = 0; i < _units.Length; i++)
                {
                    var tf = (float)(_lists[_units[i]][cursors[_units[i]]].Tf & BodyMask);
                    score += (float)_idf[i] * (LuceneK1 + 1) * tf / (tf + norm);
                }

                if (_phrase is not null)
                {
                    var tf = (float)(_phrase.Length == 1 ? TermFrequency(_phrase[0], doc) : CountPhrase(_floor.TokensOf(doc), _phrase));
                    score += (float)_phraseIdf * (LuceneK1 + 1) * tf / (tf + norm);
                }

                return score;
            }

            var bm25Norm = K1 * (1 - B + (B * length / _averageLength));
            var total = 0.0;
            for (var i = 0; i < _units.Length; i++)
            {
                double tf = _lists[_units[i]][cursors[_units[i]]].Tf & BodyMask;
                total += _idf[i] * tf * (K1 + 1) / (tf + bm25Norm);
            }

            if (_phrase is not null)
            {
                double tf = _phrase.Length == 1 ? TermFrequency(_phrase[0], doc) : CountPhrase(_floor.TokensOf(doc), _phrase);
                total += _phraseIdf * tf * (K1 + 1) / (tf + bm25Norm);
            }

            return total;
        }

        private int TermFrequency(string word, int doc)
        {
            var list = _floor._postings[word];
            var at = list.BinarySearch((doc, 0), Comparer<(int Doc, int Tf)>.Create(static (a, b) => a.Doc.CompareTo(b.Doc)));
            return at >= 0 ? list[at].Tf & BodyMask : 0;
        }

        private static float LuceneIdf(int documents, int documentFrequency) =>
            (float)Math.Log(1 + ((documents - documentFrequency + 0.5D) / (documentFrequency + 0.5D)));

        private static double Fts5Idf(int rows, int rowsWithUnit)
        {
            var idf = Math.Log((rows - rowsWithUnit + 0.5) / (rowsWithUnit + 0.5));
            return idf <= 0 ? 1e-6 : idf;
        }

        /// <summary>A length as Lucene 4.8 stores it (1/√length as a one-byte SmallFloat with a 3-bit mantissa, zero exponent 15) and reads it back.</summary>
        private static float LuceneLength(int length)
        {
            var encoded = FloatToByte315(1f / (float)Math.Sqrt(length));
            var f = Byte315ToFloat(encoded);
            return 1f / (f * f);
        }

        private static byte FloatToByte315(float f)
        {
            var bits = BitConverter.SingleToInt32Bits(f);
            var smallFloat = bits >> (24 - 3);
            if (smallFloat <= (63 - 15) << 3)
            {
                return (byte)(bits <= 0 ? 0 : 1);
            }

            return smallFloat >= ((63 - 15) << 3) + 0x100 ? (byte)255 : (byte)(smallFloat - ((63 - 15) << 3));
        }

        private static float Byte315ToFloat(byte b)
        {
            if (b == 0)
            {
                return 0f;
            }

            var bits = (b & 0xff) << (24 - 3);
            bits += (63 - 15) << 24;
            return BitConverter.Int32BitsToSingle(bits);
        }
    }
}
