using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Text;
using BulletinBot.Core.Bulletins;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// The floor: the plainest correct inverted index. A dictionary from term to its (document, term
/// frequency) list, AND by intersecting lists, every match scored with BM25 (no pruning), phrases
/// checked by rescanning the candidate's text. Its answers are the reference for correctness.
/// With <paramref name="titleBoost"/> set, title and body are two fields scored with BM25F (each
/// field's frequency normalised by its length, the title's weighted), as our index scores them;
/// else title and body are one field, as the peers index them. The one-field floor also answers,
/// untimed, as each peer scores (<see cref="AsLucene"/>, <see cref="AsFts5"/>), so that every
/// engine's top 10 is checked against an exhaustive answer computed its own way.
/// </summary>
internal sealed partial class FloorEngine(IFloorAnalysis analysis, double? titleBoost = null) : ISearchEngine
{
    public const string Exhaustive = "exhaustive";
    public const double K1 = 1.2;
    public const double B = 0.75;

    // Title and body frequencies share one int: title in the high 16 bits (always 0 for one field).
    private const int TitleShift = 16;
    private const int BodyMask = 0xFFFF;

    private readonly Dictionary<string, List<(int Doc, int Tf)>> _postings = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<string> _titles = [];
    private readonly List<string> _bodies = [];
    private readonly List<int> _titleLengths = [];
    private readonly List<int> _bodyLengths = [];
    private readonly List<int> _dates = [];
    private double _inverseAverageTitle;
    private double _inverseAverageBody;
    private long _lengthSum;

    private IFloorAnalysis Analysis => analysis;

    private bool OneField => titleBoost is null;

    public IReadOnlyList<string> Variants { get; } = [Exhaustive];

    public IReadOnlyList<string> ReferenceVariants => titleBoost is null ? [AsLucene, AsFts5] : [];

    public long DiskBytes => 0;

    public void Build(IEnumerable<Bulletin> corpus)
    {
        var lookup = _postings.GetAlternateLookup<ReadOnlySpan<char>>();
        long titleSum = 0;
        long bodySum = 0;
        foreach (var bulletin in corpus)
        {
            var doc = _ids.Count;
            var (title, body) = titleBoost is null ? ("", bulletin.Title + "\n" + bulletin.Body) : (bulletin.Title, bulletin.Body);
            var titleState = new BuildState(lookup, doc, 1 << TitleShift);
            analysis.Tokenize(title, ref titleState, AddToken);
            var bodyState = new BuildState(lookup, doc, 1);
            analysis.Tokenize(body, ref bodyState, AddToken);
            _ids.Add(bulletin.Id);
            _titles.Add(title);
            _bodies.Add(body);
            _titleLengths.Add(titleState.Length);
            _bodyLengths.Add(bodyState.Length);
            _dates.Add(DateKey(bulletin.Date));
            titleSum += titleState.Length;
            bodySum += bodyState.Length;
        }

        _lengthSum = titleSum + bodySum;
        _inverseAverageTitle = titleSum == 0 ? 0 : _ids.Count / (double)titleSum;
        _inverseAverageBody = bodySum == 0 ? 0 : _ids.Count / (double)bodySum;
    }

    private static void AddToken(ReadOnlySpan<char> token, ref BuildState s)
    {
        if (token.IsEmpty)
        {
            // A stop word the analysis does not index: it holds its position, and is not counted.
            return;
        }

        if (!s.Lookup.TryGetValue(token, out var list))
        {
            list = [];
            s.Lookup[token] = list;
        }

        if (list.Count > 0 && list[^1].Doc == s.Doc)
        {
            list[^1] = (s.Doc, list[^1].Tf + s.Increment);
        }
        else
        {
            list.Add((s.Doc, s.Increment));
        }

        s.Length++;
    }

    public EngineHits Search(BenchQuery query, string variant, int take)
    {
        var words = query.AllWords.SelectMany(analysis.QueryTerms).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var phrase = query.Phrase?.SelectMany(analysis.QueryTerms).ToArray();
        int? noCandidates = phrase is { Length: > 1 } ? 0 : null;
        if (words.Length == 0)
        {
            return new EngineHits([], 0) { PhraseCandidates = noCandidates };
        }

        var lists = new List<(int Doc, int Tf)>[words.Length];
        var idf = new double[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            if (!_postings.TryGetValue(words[i], out var list))
            {
                return new EngineHits([], 0) { PhraseCandidates = noCandidates };
            }

            lists[i] = list;
            idf[i] = Idf(_ids.Count, list.Count);
        }

        var order = Enumerable.Range(0, lists.Length).OrderBy(i => lists[i].Count).ToArray();
        var cursors = new int[lists.Length];
        // Undated items never match a date filter, as in the other engines.
        var from = DateKey(query.From ?? DateOnly.MinValue);
        var to = DateKey(query.To ?? DateOnly.MaxValue);
        var top = new TopK(take);
        var total = 0;
        var candidates = 0;
        var peer = variant == Exhaustive ? null : PeerScorer.For(this, variant, query, words, lists);
        var driver = lists[order[0]];
        for (var d = 0; d < driver.Count; d++)
        {
            var doc = driver[d].Doc;
            cursors[order[0]] = d;
            var matches = true;
            for (var o = 1; o < order.Length && matches; o++)
            {
                var list = lists[order[o]];
                ref var cursor = ref cursors[order[o]];
                while (cursor < list.Count && list[cursor].Doc < doc)
                {
                    cursor++;
                }

                matches = cursor < list.Count && list[cursor].Doc == doc;
            }

            if (!matches || (query.HasDateFilter && (_dates[doc] < from || _dates[doc] > to)))
            {
                continue;
            }

            if (phrase is { Length: > 1 })
            {
                candidates++;
                if (!ContainsPhrase(_titles[doc], phrase) && !ContainsPhrase(_bodies[doc], phrase))
                {
                    continue;
                }
            }

            total++;
            if (peer is not null)
            {
                top.Offer(doc, peer.Score(doc, cursors));
                continue;
            }

            var score = 0.0;
            var titleNorm = 1 - B + (B * _titleLengths[doc] * _inverseAverageTitle);
            var bodyNorm = 1 - B + (B * _bodyLengths[doc] * _inverseAverageBody);
            for (var i = 0; i < lists.Length; i++)
            {
                // BM25F's pseudo-frequency; with one field it is plain BM25: tf / norm saturated.
                var tf = lists[i][cursors[i]].Tf;
                var weight = ((titleBoost ?? 0) * (tf >> TitleShift) / titleNorm) + ((tf & BodyMask) / bodyNorm);
                score += idf[i] * (K1 + 1) * weight / (K1 + weight);
            }

            top.Offer(doc, score);
        }

        var best = top.Ordered();
        return new EngineHits(best.Select(d => _ids[d.Doc]).ToList(), total, best.Select(d => d.Score).ToList())
        {
            PhraseCandidates = phrase is { Length: > 1 } ? candidates : null,
        };
    }

    public void Dispose()
    {
    }

    /// <summary>BM25's idf as Lucene computes it, never negative.</summary>
    public static double Idf(int documents, int documentFrequency) =>
        Math.Log(1 + ((documents - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    internal static int DateKey(DateOnly? date) => date is { } d ? (d.Year * 10000) + (d.Month * 100) + d.Day : -1;

    private bool ContainsPhrase(string text, string[] phrase)
    {
        var state = new PhraseState(phrase);
        analysis.Tokenize(text, ref state, static (ReadOnlySpan<char> token, ref PhraseState s) =>
        {
            if (s.Found)
            {
                return;
            }

            if (token.SequenceEqual(s.Phrase[s.Matched]))
            {
                s.Matched++;
                if (s.Matched == s.Phrase.Length)
                {
                    s.Found = true;
                }
            }
            else
            {
                s.Matched = token.SequenceEqual(s.Phrase[0]) ? 1 : 0;
            }
        });
        return state.Found;
    }

    private struct BuildState(Dictionary<string, List<(int Doc, int Tf)>>.AlternateLookup<ReadOnlySpan<char>> lookup, int doc, int increment)
    {
        public readonly Dictionary<string, List<(int Doc, int Tf)>>.AlternateLookup<ReadOnlySpan<char>> Lookup = lookup;
        public readonly int Doc = doc;
        public readonly int Increment = increment;
        public int Length;
    }

    private struct PhraseState(string[] phrase)
    {
        public readonly string[] Phrase = phrase;
        public int Matched;
        public bool Found;
    }
}

/// <summary>The best k documents by score; ties go to the earlier document.</summary>
internal sealed class TopK(int k)
{
    private readonly PriorityQueue<(int Doc, double Score), (double Score, int Doc)> _heap = new(Comparer<(double Score, int Doc)>.Create(
        static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Doc.CompareTo(a.Doc)));

    public void Offer(int doc, double score)
    {
        if (k <= 0)
        {
            return;
        }

        if (_heap.Count < k)
        {
            _heap.Enqueue((doc, score), (score, doc));
        }
        else if (_heap.TryPeek(out _, out var worst) && (score > worst.Score || (score == worst.Score && doc < worst.Doc)))
        {
            _heap.DequeueEnqueue((doc, score), (score, doc));
        }
    }

    public (int Doc, double Score)[] Ordered()
    {
        var result = new (int Doc, double Score)[_heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = _heap.Dequeue();
        }

        return result;
    }
}
