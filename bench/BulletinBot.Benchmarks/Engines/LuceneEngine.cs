using BulletinBot.Benchmarks.Queries;
using BulletinBot.Core.Bulletins;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// Lucene.Net 4.8 with StandardAnalyzer (empty stop set, so every engine indexes the same
/// tokens) and BM25 on an MMapDirectory, one segment after the build. Two ways to answer:
/// <c>plain</c> loads each hit's whole stored document, as a renderer would; <c>lean</c>
/// loads only the id field of the top hits.
/// </summary>
internal sealed class LuceneEngine(string directory) : ISearchEngine
{
    public const string Plain = "plain";
    public const string Lean = "lean";

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly ISet<string> IdOnly = new HashSet<string>(StringComparer.Ordinal) { "id" };

    private readonly Analyzer _analyzer = new StandardAnalyzer(Version, CharArraySet.Empty);
    private LuceneDirectory? _directory;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

    public IReadOnlyList<string> Variants { get; } = [Plain, Lean];

    public long DiskBytes => System.IO.Directory.EnumerateFiles(directory).Sum(f => new FileInfo(f).Length);

    public void Build(IEnumerable<Bulletin> corpus)
    {
        System.IO.Directory.CreateDirectory(directory);
        _directory = new MMapDirectory(new DirectoryInfo(directory));
        var config = new IndexWriterConfig(Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 64,
        };
        using (var writer = new IndexWriter(_directory, config))
        {
            var id = new StringField("id", "", Field.Store.YES);
            var title = new StoredField("title", "");
            var body = new StoredField("body", "");
            var date = new Int32Field("date", 0, Field.Store.YES);
            var text = new TextField("text", "", Field.Store.NO);
            var document = new Document { id, title, body, date, text };
            foreach (var bulletin in corpus)
            {
                id.SetStringValue(bulletin.Id);
                title.SetStringValue(bulletin.Title);
                body.SetStringValue(bulletin.Body);
                date.SetInt32Value(FloorEngine.DateKey(bulletin.Date));
                text.SetStringValue(bulletin.Title + "\n" + bulletin.Body);
                writer.AddDocument(document);
            }

            writer.ForceMerge(1);
            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public EngineHits Search(BenchQuery query, string variant, int take)
    {
        var searcher = _searcher ?? throw new InvalidOperationException("Build first.");
        var boolean = new BooleanQuery();
        foreach (var word in query.Terms)
        {
            foreach (var token in Analyze(word))
            {
                boolean.Add(new TermQuery(new Term("text", token)), Occur.MUST);
            }
        }

        if (query.Phrase is not null)
        {
            var phrase = new PhraseQuery();
            foreach (var token in query.Phrase.SelectMany(Analyze))
            {
                phrase.Add(new Term("text", token));
            }

            boolean.Add(phrase, Occur.MUST);
        }

        Query luceneQuery = boolean.Clauses.Count == 1 ? boolean.Clauses[0].Query : boolean;
        Filter? filter = query.HasDateFilter
            ? NumericRangeFilter.NewInt32Range("date", FloorEngine.DateKey(query.From ?? DateOnly.MinValue), FloorEngine.DateKey(query.To ?? DateOnly.MaxValue), true, true)
            : null;
        var top = searcher.Search(luceneQuery, filter, take);
        var ids = new List<string>(top.ScoreDocs.Length);
        foreach (var hit in top.ScoreDocs)
        {
            var document = variant == Plain ? searcher.Doc(hit.Doc) : searcher.Doc(hit.Doc, IdOnly);
            ids.Add(document.Get("id"));
        }

        return new EngineHits(ids, top.TotalHits, top.ScoreDocs.Select(d => (double)d.Score).ToList());
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory?.Dispose();
        _analyzer.Dispose();
    }

    private List<string> Analyze(string word)
    {
        var tokens = new List<string>(1);
        using var stream = _analyzer.GetTokenStream("text", word);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }
}
