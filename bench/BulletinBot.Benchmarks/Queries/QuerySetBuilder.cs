using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Core.Bulletins;

namespace BulletinBot.Benchmarks.Queries;

/// <summary>
/// Builds the deterministic query set (200 queries plus a few sanity queries) from one pass over
/// the corpus: document frequencies for rare and common terms, and sampled documents for AND
/// queries, phrases and date filters taken from real text, so that every such query has hits.
/// </summary>
internal static class QuerySetBuilder
{
    private const int Seed = 7_411;

    private static readonly HashSet<string> StopWords = new(
        Vocabulary.Split(Vocabulary.EnglishStopWords).Concat(Vocabulary.Split(Vocabulary.SpanishStopWords))
            .Concat(["on", "el", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
                "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]),
        StringComparer.Ordinal);

    public static List<BenchQuery> Build(IEnumerable<Bulletin> corpus, int corpusSize, IReadOnlyList<Bulletin> seeds) =>
        Build(corpus, corpusSize, seeds, out _);

    public static List<BenchQuery> Build(IEnumerable<Bulletin> corpus, int corpusSize, IReadOnlyList<Bulletin> seeds, out CorpusStats stats)
    {
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var frequencies = new AnalyzedFrequencies();
        var samples = new List<(string[] Words, DateOnly? Date)>();
        var sampleEvery = Math.Max(1, corpusSize / 600);
        var index = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long totalWords = 0;
        foreach (var bulletin in corpus)
        {
            var words = SurfaceWords(bulletin.Title + "\n" + bulletin.Body);
            seen.Clear();
            totalWords += words.Count;
            foreach (var word in words)
            {
                if (seen.Add(word))
                {
                    documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
                }
            }

            frequencies.AddDocument(seen);

            if (index >= seeds.Count && index % sampleEvery == 0)
            {
                samples.Add((words.ToArray(), bulletin.Date));
            }

            index++;
        }

        stats = new CorpusStats(index, documentFrequency.Count, index == 0 ? 0 : (double)totalWords / index,
            documentFrequency.Count(p => p.Value == 1));
        var random = new Random(Seed);
        var queries = new List<BenchQuery>();
        void Add(string kind, string[] terms, string[]? phrase = null, DateOnly? from = null, DateOnly? to = null, string? expected = null) =>
            queries.Add(new BenchQuery(queries.Count + 1, kind, terms, phrase, from, to, expected));

        var content = documentFrequency.Where(p => IsContentWord(p.Key)).ToList();
        var common = content.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(60).ToList();
        for (var i = 0; i < 30 && i * 2 < common.Count; i++)
        {
            Add(QueryKinds.CommonTerm, [common[i * 2].Key]);
        }

        // Rare by its stem: our analyzer's stem is rare, and so is the word under the peers' analyzers
        // (folded for the floor and FTS5, as typed for Lucene), so "rare" is rare for every engine.
        // One word per stem, so no two rare queries are the same query to our index.
        var rareLimit = Math.Max(3, index / 5000);
        bool Rare(int df) => df >= 2 && df <= rareLimit;
        var rare = content.Where(p => Rare(p.Value) && frequencies.IsRareForEvery(p.Key, Rare))
            .Select(p => p.Key).Order(StringComparer.Ordinal)
            .DistinctBy(AnalyzedFrequencies.Stem, StringComparer.Ordinal).ToList();
        foreach (var term in Pick(rare, 30, random))
        {
            Add(QueryKinds.RareTerm, [term]);
        }

        var contentSamples = samples.Select(s => (Words: s.Words.Where(IsContentWord).Distinct().ToArray(), s.Date, All: s.Words))
            .Where(s => s.Words.Length >= 3).ToList();
        foreach (var sample in Pick(contentSamples, 40, random))
        {
            Add(QueryKinds.And2, Pick(sample.Words, 2, random).ToArray());
        }

        foreach (var sample in Pick(contentSamples, 30, random))
        {
            Add(QueryKinds.And3, Pick(sample.Words, 3, random).ToArray());
        }

        // Half the phrases are collocations found in the sampled text (the phrases people look for),
        // half any two adjacent content words.
        var vocabulary = Vocabulary.Create(CorpusGenerator.DefaultSeed);
        var collocations = vocabulary.English.Collocations.Concat(vocabulary.Spanish.Collocations)
            .Select(c => c[0] + " " + c[1]).ToHashSet(StringComparer.Ordinal);
        var phrases = 0;
        foreach (var sample in Pick(contentSamples, contentSamples.Count, random))
        {
            if (phrases == 40)
            {
                break;
            }

            var pairs = Enumerable.Range(0, sample.All.Length - 1)
                .Where(i => IsContentWord(sample.All[i]) && IsContentWord(sample.All[i + 1]) && sample.All[i] != sample.All[i + 1])
                .ToList();
            if (phrases % 2 == 0)
            {
                pairs = pairs.Where(i => collocations.Contains(sample.All[i] + " " + sample.All[i + 1])).ToList();
            }

            if (pairs.Count > 0)
            {
                var at = pairs[random.Next(pairs.Count)];
                Add(QueryKinds.Phrase, [], [sample.All[at], sample.All[at + 1]]);
                phrases++;
            }
        }

        foreach (var sample in Pick(contentSamples.Where(s => s.Date is not null).ToList(), 30, random))
        {
            var day = sample.Date!.Value;
            var terms = Pick(sample.Words, 1 + random.Next(2), random).ToArray();
            var monthStart = new DateOnly(day.Year, day.Month, 1);
            switch (random.Next(4))
            {
                case 0: Add(QueryKinds.DateFilter, terms, null, monthStart, monthStart.AddMonths(1).AddDays(-1)); break;
                case 1: Add(QueryKinds.DateFilter, terms, null, new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31)); break;
                case 2: Add(QueryKinds.DateFilter, terms, null, new DateOnly(day.Year, 1, 1), null); break;
                default: Add(QueryKinds.DateFilter, terms, null, null, new DateOnly(day.Year, 12, 31)); break;
            }
        }

        AddSanity(seeds, Add);
        return queries;
    }

    private static void AddSanity(IReadOnlyList<Bulletin> seeds, Action<string, string[], string[]?, DateOnly?, DateOnly?, string?> add)
    {
        (string[] Terms, string[]? Phrase, string TitleStart)[] checks =
        [
            ([], ["migration", "talks"], "Migration talks between Cuba"),
            ([], ["law", "enforcement"], "Cuba and the United States hold fourth meeting"),
            (["trafficking", "persons"], null, "Delegations from Cuba"),
            (["interpol"], null, "Cuba hands over"),
        ];
        foreach (var (terms, phrase, titleStart) in checks)
        {
            var seed = seeds.FirstOrDefault(b => b.Title.StartsWith(titleStart, StringComparison.Ordinal));
            if (seed?.Date is { } day)
            {
                add(QueryKinds.Sanity, terms, phrase, day, day, seed.Id);
            }
        }

        if (seeds.Count > 0)
        {
            add(QueryKinds.Sanity, [], ["migration", "talks"], null, null, null);
        }
    }

    private static IEnumerable<T> Pick<T>(IReadOnlyList<T> items, int count, Random random)
    {
        if (items.Count <= count)
        {
            return items;
        }

        var chosen = new SortedSet<int>();
        while (chosen.Count < count)
        {
            chosen.Add(random.Next(items.Count));
        }

        return chosen.Select(i => items[i]).OrderBy(_ => random.Next());
    }

    private static bool IsContentWord(string word) =>
        word.Length >= 3 && !StopWords.Contains(word) && !word.Any(char.IsDigit);

    /// <summary>Words as typed: lower case, accents kept, split on anything but letters and digits.</summary>
    internal static List<string> SurfaceWords(string text)
    {
        var words = new List<string>(200);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }
}

/// <summary>What the corpus turned out to hold, for the report.</summary>
internal sealed record CorpusStats(int Items, int DistinctWords, double WordsPerItem, int WordsSeenOnce);
