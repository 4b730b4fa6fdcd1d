using BulletinBot.Benchmarks.Queries;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;
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
/// Lucene.Net 4.8 with StandardAnalyzer (empty stop set, so every engine indexes the same tokens)
/// and BM25, one segment after the build, configured as a competent user would:
/// <list type="bullet">
/// <item><c>index</c>: the top ids read from doc values, never from stored fields; a date range as a
/// doc-values filter applied query-first (<see cref="LuceneDayFilter"/>). Postings, doc values and
/// norms are read through <see cref="MMapDirectory"/>, stored fields through
/// <see cref="SimpleFSDirectory"/> (a <see cref="FileSwitchDirectory"/>), because this version's
/// memory-mapped input decompresses stored fields a byte at a time.</item>
/// <item><c>page</c>: as <c>index</c>, then each hit's title and body from stored fields and the
/// same result card as ours (<see cref="Snippets"/>).</item>
/// <item><c>lean-old</c>: how this benchmark read Lucene until 2026-12: ids from stored fields
/// through <see cref="MMapDirectory"/>, a <c>NumericRangeFilter</c> for dates. Kept one more
/// time, for reference, so the report shows what changed.</item>
/// </list>
/// </summary>
internal sealed class LuceneEngine(string directory) : ISearchEngine
{
    public const string IndexOnly = "index";
    public const string Page = "page";
    public const string OldLean = "lean-old";

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string Text = "text";
    private static readonly ISet<string> IdOnly = new HashSet<string>(StringComparer.Ordinal) { "id" };
    private static readonly ISet<string> TitleAndBody = new HashSet<string>(StringComparer.Ordinal) { "title", "body" };

    private readonly Analyzer _analyzer = new StandardAnalyzer(Version, CharArraySet.Empty);
    private readonly BytesRef _idBytes = new();
    private LuceneDirectory? _mapped;
    private LuceneDirectory? _switched;
    private DirectoryReader? _reader;
    private DirectoryReader? _oldReader;
    private IndexSearcher? _searcher;
    private IndexSearcher? _oldSearcher;
    private IList<AtomicReaderContext> _leaves = [];
    private BinaryDocValues[] _ids = [];

    public IReadOnlyList<string> Variants { get; } = [IndexOnly, Page, OldLean];

    public long DiskBytes => System.IO.Directory.EnumerateFiles(directory).Sum(f => new FileInfo(f).Length);

    public void Build(IEnumerable<Bulletin> corpus)
    {
        System.IO.Directory.CreateDirectory(directory);
        var folder = new DirectoryInfo(directory);
        _mapped = new MMapDirectory(folder);
        var config = new IndexWriterConfig(Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 64,
            UseCompoundFile = false,

            // No compound file after the merge either, so the stored fields stay files of their own
            // that the switch can send to SimpleFSDirectory.
            MergePolicy = new TieredMergePolicy { NoCFSRatio = 0.0 },
        };
        using (var writer = new IndexWriter(_mapped, config))
        {
            var id = new StringField("id", "", Field.Store.YES);
            var idValue = new BinaryDocValuesField("id", new BytesRef());
            var title = new StoredField("title", "");
            var body = new StoredField("body", "");
            var date = new Int32Field("date", 0, Field.Store.YES);
            var dateValue = new NumericDocValuesField("date", 0);
            var text = new TextField(Text, "", Field.Store.NO);
            var document = new Document { id, idValue, title, body, date, dateValue, text };
            foreach (var bulletin in corpus)
            {
                id.SetStringValue(bulletin.Id);
                idValue.SetBytesValue(new BytesRef(bulletin.Id));
                title.SetStringValue(bulletin.Title);
                body.SetStringValue(bulletin.Body);
                var day = FloorEngine.DateKey(bulletin.Date);
                date.SetInt32Value(day);
                dateValue.SetInt64Value(day);
                text.SetStringValue(bulletin.Title + "\n" + bulletin.Body);
                writer.AddDocument(document);
            }

            writer.ForceMerge(1);
            writer.Commit();
        }

        var storedFields = new HashSet<string>(StringComparer.Ordinal) { "fdt", "fdx" };
        _switched = new FileSwitchDirectory(storedFields, new SimpleFSDirectory(folder), new MMapDirectory(folder), doClose: true);
        _reader = DirectoryReader.Open(_switched);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _leaves = _reader.Leaves;
        _ids = _leaves.Select(l => l.AtomicReader.GetBinaryDocValues("id") ?? throw new InvalidOperationException("No id doc values.")).ToArray();
        _oldReader = DirectoryReader.Open(_mapped);
        _oldSearcher = new IndexSearcher(_oldReader) { Similarity = new BM25Similarity() };
    }

    public EngineHits Search(BenchQuery query, string variant, int take)
    {
        var old = variant == OldLean;
        var searcher = (old ? _oldSearcher : _searcher) ?? throw new InvalidOperationException("Build first.");
        var luceneQuery = BuildQuery(query);
        TopDocs top;
        if (!query.HasDateFilter)
        {
            top = searcher.Search(luceneQuery, take);
        }
        else
        {
            var (from, to) = (FloorEngine.DateKey(query.From ?? DateOnly.MinValue), FloorEngine.DateKey(query.To ?? DateOnly.MaxValue));
            top = old
                ? searcher.Search(luceneQuery, NumericRangeFilter.NewInt32Range("date", from, to, true, true), take)
                : searcher.Search(new FilteredQuery(luceneQuery, new LuceneDayFilter("date", from, to), FilteredQuery.QUERY_FIRST_FILTER_STRATEGY), take);
        }

        var ids = new List<string>(top.ScoreDocs.Length);
        var card = variant == Page ? SearchQueryParser.Parse(query.Text).Query : null;
        foreach (var hit in top.ScoreDocs)
        {
            if (old)
            {
                ids.Add(searcher.Doc(hit.Doc, IdOnly).Get("id"));
                continue;
            }

            ids.Add(Id(hit.Doc));
            if (card is not null)
            {
                // The result card, as ours cuts it: the title marked, a snippet of the body.
                var stored = searcher.Doc(hit.Doc, TitleAndBody);
                GC.KeepAlive(Snippets.Build(stored.Get("title"), card, int.MaxValue));
                GC.KeepAlive(Snippets.Build(stored.Get("body"), card));
            }
        }

        return new EngineHits(ids, top.TotalHits, top.ScoreDocs.Select(d => (double)d.Score).ToList());
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _oldReader?.Dispose();
        _switched?.Dispose();
        _mapped?.Dispose();
        _analyzer.Dispose();
    }

    private string Id(int doc)
    {
        var leaf = ReaderUtil.SubIndex(doc, _leaves);
        _ids[leaf].Get(doc - _leaves[leaf].DocBase, _idBytes);
        return _idBytes.Utf8ToString();
    }

    private Query BuildQuery(BenchQuery query)
    {
        var boolean = new BooleanQuery();
        foreach (var word in query.Terms)
        {
            foreach (var token in Analyze(word))
            {
                boolean.Add(new TermQuery(new Term(Text, token)), Occur.MUST);
            }
        }

        if (query.Phrase is not null)
        {
            var phrase = new PhraseQuery();
            foreach (var token in query.Phrase.SelectMany(Analyze))
            {
                phrase.Add(new Term(Text, token));
            }

            boolean.Add(phrase, Occur.MUST);
        }

        return boolean.Clauses.Count == 1 ? boolean.Clauses[0].Query : boolean;
    }

    private List<string> Analyze(string word)
    {
        var tokens = new List<string>(1);
        using var stream = _analyzer.GetTokenStream(Text, word);
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
