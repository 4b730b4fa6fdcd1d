namespace BulletinBot.Benchmarks.Engines;

/// <summary>The engines the benchmark measures: ours, the two peers and the two exhaustive references.</summary>
internal static class EngineCatalog
{
    public const string Ours = "ours";
    public const string Floor = "floor";
    public const string Lucene = "lucene";
    public const string Fts5 = "fts5";

    /// <summary>The floor with our analyzer: the reference our index's answers are checked against.</summary>
    public const string FloorOurs = "floor-ours";

    public static string[] Names { get; } =
        [Ours, Lucene, Fts5, Floor, FloorOurs];

    /// <summary>
    /// The exhaustive answer an engine's answers are checked against: the floor that tokenizes and
    /// scores as it does (ours: our analyzer and BM25F; each peer: the one-field floor scoring its
    /// way). None for the floors themselves.
    /// </summary>
    public static (string Engine, string Variant)? ReferenceFor(string engine) => engine switch
    {
        Ours => (FloorOurs, FloorEngine.Exhaustive),
        Lucene => (Floor, FloorEngine.AsLucene),
        Fts5 => (Floor, FloorEngine.AsFts5),
        _ => null,
    };

    /// <summary>Where our engine keeps the store its first run at a size wrote, beside its work directory (see <see cref="OurEngine"/>).</summary>
    public static string KeptStore(string workDirectory) => Path.TrimEndingDirectorySeparator(workDirectory) + "-store.db";

    /// <summary>An engine working in <paramref name="workDirectory"/>; ours keeps its store at <paramref name="keptStore"/> across runs when given.</summary>
    public static ISearchEngine Create(string name, string workDirectory, string? keptStore = null) => name switch
    {
        Floor => new FloorEngine(FoldingAnalysis.Instance),
        Lucene => new LuceneEngine(Path.Combine(workDirectory, "lucene")),
        Fts5 => new Fts5Engine(Path.Combine(workDirectory, "fts5.db")),
        Ours => new OurEngine(Path.Combine(workDirectory, "ours.db"), keptStore),
        FloorOurs => new FloorEngine(OurAnalysis.Instance, OurAnalysis.TitleBoost),
        _ => throw new ArgumentException($"Unknown engine '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };
}
