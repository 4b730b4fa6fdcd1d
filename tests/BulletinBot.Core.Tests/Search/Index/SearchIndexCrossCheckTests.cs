using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Tests.Search.Index;

/// <summary>
/// Random documents and queries, the index against a brute-force BM25F scorer written here from the
/// definition: identical top-10 ids and scores prove that pruning never drops a hit it should keep.
/// </summary>
public sealed class SearchIndexCrossCheckTests
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double TitleBoost = 2.5;
    private const int FieldGap = 100;

    private static readonly string[] Vocabulary = BuildVocabulary();

    [Fact]
    public void Built_index_matches_brute_force()
    {
        var random = new Random(20261124);
        var docs = Enumerable.Range(0, 3000).Select(i => RandomBulletin(random, $"d{i:D5}")).ToList();
        var index = SearchIndex.Build(docs);
        CompareMany(index, docs, random, 400);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Index_built_in_chunks_with_duplicate_ids_matches_brute_force()
    {
        var random = new Random(7);
        var docs = Enumerable.Range(0, 3000).Select(i => RandomBulletin(random, $"d{i % 2600:D5}")).ToList();
        var index = SearchIndex.Build(docs, chunkSize: 700);
        var live = docs.GroupBy(d => d.Id).Select(g => g.Last()).ToList();
        Assert.Equal(2600, index.Count);
        Assert.Equal(1, index.SegmentCount);
        CompareMany(index, live, random, 200);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Index_after_upserts_and_removals_matches_brute_force()
    {
        var random = new Random(42);
        var live = new Dictionary<string, Bulletin>();
        var initial = Enumerable.Range(0, 2500).Select(i => RandomBulletin(random, $"d{i:D5}")).ToList();
        foreach (var doc in initial)
        {
            live[doc.Id] = doc;
        }

        var index = SearchIndex.Build(initial);
        for (var step = 0; step < 1500; step++)
        {
            var roll = random.Next(10);
            if (roll < 5)
            {
                var doc = RandomBulletin(random, $"n{step:D5}");
                live[doc.Id] = doc;
                index.Upsert(doc);
            }
            else if (roll < 8)
            {
                var id = live.Keys.ElementAt(random.Next(live.Count));
                var doc = RandomBulletin(random, id);
                live[id] = doc;
                index.Upsert(doc);
            }
            else
            {
                var id = live.Keys.ElementAt(random.Next(live.Count));
                live.Remove(id);
                Assert.True(index.Remove(id));
            }
        }

        Assert.Equal(live.Count, index.Count);
        Assert.True(index.SegmentCount > 1);
        CompareMany(index, [.. live.Values], random, 300);
        index.Optimize();
        CompareMany(index, [.. live.Values], random, 100);
    }

    internal static void CompareMany(SearchIndex index, List<Bulletin> docs, Random random, int queries)
    {
        var brute = new BruteForce(docs);
        var compared = 0;
        var fullPages = 0;
        for (var q = 0; q < queries; q++)
        {
            var text = RandomQuery(random, docs);
            var parsed = SearchQueryParser.Parse(text);
            if (!parsed.Success)
            {
                continue;
            }

            var query = parsed.Query!;
            var expected = brute.Search(query);
            var skip = random.Next(4) == 0 ? random.Next(5) : 0;
            var actual = index.Search(query, skip, 10);
            var expectedPage = expected.Skip(skip).Take(10).ToList();
            Assert.True(
                expectedPage.Count == actual.Hits.Count,
                $"{text}: expected {expectedPage.Count} hits, got {actual.Hits.Count}");
            for (var i = 0; i < expectedPage.Count; i++)
            {
                Assert.True(
                    expectedPage[i].Id == actual.Hits[i].BulletinId && Math.Abs(expectedPage[i].Score - actual.Hits[i].Score) < 1e-9,
                    $"{text} #{i}: expected {expectedPage[i].Id} {expectedPage[i].Score}, got {actual.Hits[i].BulletinId} {actual.Hits[i].Score}");
            }

            if (actual.TotalIsExact)
            {
                Assert.True(expected.Count == actual.Total, $"{text}: expected total {expected.Count}, got {actual.Total}");
            }
            else
            {
                Assert.True(actual.Total <= expected.Count, $"{text}: lower bound {actual.Total} above {expected.Count}");
            }

            compared++;
            fullPages += expected.Count > 10 ? 1 : 0;
        }

        Assert.True(compared > queries / 2);

        // Pruning only matters where more documents match than fit on a page.
        Assert.True(fullPages > compared / 4, $"only {fullPages} of {compared} queries filled a page");
    }

    private static string[] BuildVocabulary()
    {
        var words = new List<string>
        {
            "the", "in", "of", "de", "la", "talks", "talk", "meeting", "meetings", "migración", "migraciones",
            "Havana", "embassy", "Cossío", "policy", "policies", "house", "houses", "news", "minister",
        };
        for (var i = 0; i < 180; i++)
        {
            words.Add($"w{i}x");
        }

        return [.. words];
    }

    // Zipf-like: low indexes are far more common.
    private static string Word(Random random) => Vocabulary[(int)Math.Floor(Math.Pow(Vocabulary.Length, random.NextDouble())) - 1];

    private static string Words(Random random, int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Word(random)));

    internal static Bulletin RandomBulletin(Random random, string id)
    {
        var paragraphs = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Words(random, 3 + random.Next(30))).ToList();
        DateOnly? date = random.Next(10) == 0 ? null : new DateOnly(2005, 1, 1).AddDays(random.Next(7000));
        return new Bulletin(id, "Test", Words(random, 2 + random.Next(8)), paragraphs, date);
    }

    private static string RandomQuery(Random random, List<Bulletin> docs)
    {
        var parts = new List<string>();
        var kind = random.Next(10);
        if (kind < 6)
        {
            parts.AddRange(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Word(random)));
        }

        if (kind >= 4)
        {
            // A phrase taken from a document, so that phrases do match.
            var doc = docs[random.Next(docs.Count)];
            var words = doc.Paragraphs[0].Split(' ');
            var length = Math.Min(words.Length, 2 + random.Next(2));
            var start = random.Next(words.Length - length + 1);
            parts.Add($"\"{string.Join(' ', words.Skip(start).Take(length))}\"");
        }

        if (random.Next(4) == 0)
        {
            parts.Add("-" + Word(random));
        }

        if (random.Next(8) == 0)
        {
            parts.Add($"-\"{Word(random)} {Word(random)}\"");
        }

        if (random.Next(4) == 0)
        {
            var year = 2005 + random.Next(19);
            parts.Add(random.Next(2) == 0 ? $"from:{year}" : $"from:{year}-{1 + random.Next(12):D2}");
            if (random.Next(2) == 0)
            {
                parts.Add($"to:{year + random.Next(3)}");
            }
        }

        return string.Join(' ', parts.OrderBy(_ => random.Next()));
    }

    private sealed class BruteForce
    {
        private readonly List<Doc> docs;
        private readonly double averageTitle;
        private readonly double averageBody;

        public BruteForce(List<Bulletin> bulletins)
        {
            docs = bulletins.ConvertAll(Analyze);
            averageTitle = docs.Count == 0 ? 0 : docs.Average(d => (double)d.TitleLength);
            averageBody = docs.Count == 0 ? 0 : docs.Average(d => (double)d.BodyLength);
        }

        public List<(string Id, double Score)> Search(SearchQuery query)
        {
            var scoring = query.Terms.Concat(query.Phrases.SelectMany(p => p)).Where(t => !TextAnalyzer.IsStopTerm(t)).Distinct().ToList();
            var idf = scoring.ToDictionary(t => t, t =>
            {
                var df = docs.Count(d => d.Title.ContainsKey(t) || d.Body.ContainsKey(t));
                return Math.Log(1 + ((docs.Count - df + 0.5) / (df + 0.5)));
            });
            var from = query.From?.DayNumber ?? int.MinValue + 1;
            var to = query.To?.DayNumber ?? int.MaxValue;
            var hits = new List<(string Id, double Score, int Day)>();
            foreach (var doc in docs)
            {
                if (query.HasDateFilter && (doc.Day < from || doc.Day > to))
                {
                    continue;
                }

                if (!scoring.All(doc.Has) || query.Excluded.Any(doc.Has)
                    || !query.Phrases.All(doc.HasPhrase) || query.ExcludedPhrases.Any(doc.HasPhrase))
                {
                    continue;
                }

                var score = 0.0;
                foreach (var term in scoring)
                {
                    var weight = (TitleBoost * doc.Title.GetValueOrDefault(term) / (1 - B + (B * doc.TitleLength / averageTitle)))
                        + (doc.Body.GetValueOrDefault(term) / (1 - B + (B * doc.BodyLength / averageBody)));
                    score += idf[term] * weight * (K1 + 1) / (K1 + weight);
                }

                hits.Add((doc.Id, score, doc.Day));
            }

            return [.. hits
                .OrderByDescending(h => h.Score)
                .ThenByDescending(h => h.Day)
                .ThenBy(h => h.Id, StringComparer.Ordinal)
                .Select(h => (h.Id, h.Score))];
        }

        private static Doc Analyze(Bulletin bulletin)
        {
            var doc = new Doc { Id = bulletin.Id, Day = bulletin.Date?.DayNumber ?? int.MinValue };
            var position = 0;
            foreach (var token in TextAnalyzer.Tokenize(bulletin.Title))
            {
                Add(doc, doc.Title, token, position++, isTitle: true);
            }

            position += FieldGap;
            foreach (var paragraph in bulletin.Paragraphs)
            {
                foreach (var token in TextAnalyzer.Tokenize(paragraph))
                {
                    Add(doc, doc.Body, token, position++, isTitle: false);
                }
            }

            return doc;
        }

        private static void Add(Doc doc, Dictionary<string, int> field, AnalyzedToken token, int position, bool isTitle)
        {
            if (token.IsStopWord)
            {
                return;
            }

            field[token.Term] = field.GetValueOrDefault(token.Term) + 1;
            if (!doc.Positions.TryGetValue(token.Term, out var positions))
            {
                doc.Positions[token.Term] = positions = [];
            }

            positions.Add(position);
            if (isTitle)
            {
                doc.TitleLength++;
            }
            else
            {
                doc.BodyLength++;
            }
        }

        private sealed class Doc
        {
            public required string Id { get; init; }

            public required int Day { get; init; }

            public Dictionary<string, int> Title { get; } = [];

            public Dictionary<string, int> Body { get; } = [];

            public Dictionary<string, HashSet<int>> Positions { get; } = [];

            public int TitleLength { get; set; }

            public int BodyLength { get; set; }

            public bool Has(string term) => Positions.ContainsKey(term);

            public bool HasPhrase(IReadOnlyList<string> phrase)
            {
                var words = phrase.Select((w, i) => (Word: w, Offset: i)).Where(x => !TextAnalyzer.IsStopTerm(x.Word)).ToList();
                if (!words.All(x => Has(x.Word)))
                {
                    return false;
                }

                return Positions[words[0].Word].Any(p =>
                    words.All(x => Positions[x.Word].Contains(p - words[0].Offset + x.Offset)));
            }
        }
    }
}
