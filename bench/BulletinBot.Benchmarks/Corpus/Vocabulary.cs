namespace BulletinBot.Benchmarks.Corpus;

/// <summary>
/// The words the generator draws from: a few hundred real English and Spanish words (stop words
/// first, so they are the most frequent, as in real text) and about 29,500 pseudo-words built from
/// syllables, ranked and drawn with a Zipf-like (Zipf–Mandelbrot) spread.
/// </summary>
internal sealed class Vocabulary
{
    public const int PseudoWordCount = 29_500;

    internal const string EnglishStopWords =
        "the of and to in a is that for on was with as by at from it be were this are an " +
        "which or has have had its their not but also been they after between two who will " +
        "more than into over during under about all other new most such these those both";

    internal const string SpanishStopWords =
        "de la que el en y a los del se las por un para con una su al lo como sus entre " +
        "pero fue han ha sobre este esta desde también durante tras sin hasta donde ante " +
        "ser son dos cuando muy otros";

    private const string EnglishContentWords =
        "government minister ministry president foreign affairs meeting talks delegation " +
        "cooperation agreement bilateral relations embassy ambassador trade economic economy " +
        "security law enforcement drug trafficking persons border guard coast service " +
        "migration policy council commission report budget election parliament senate " +
        "congress court justice police health hospital vaccine education school university " +
        "students teachers workers union strike protest energy oil gas electricity water " +
        "climate change environment forest river storm hurricane earthquake flood drought " +
        "agriculture farmers harvest sugar coffee tobacco tourism tourists hotel airport " +
        "flights port shipping exports imports investment bank market prices inflation " +
        "currency tax reform development project plan program strategy conference summit " +
        "forum dialogue exchange visit official authorities representatives cabinet " +
        "national international regional local public private sector industry companies " +
        "technology internet digital communications science research culture festival " +
        "music film art heritage museum sports athletes olympic championship team " +
        "victory record anniversary celebration ceremony award prize history revolution " +
        "independence rights freedom press media journalists newspaper television radio " +
        "statement declaration announcement decision measures sanctions embargo blockade " +
        "humanitarian aid donation support solidarity community families children women " +
        "youth elderly population census housing transport railway highway construction " +
        "infrastructure investment reforms negotiations treaty accord protocol framework " +
        "fisheries mining nickel steel cement textile pharmaceutical biotechnology " +
        "medicine doctors nurses clinic epidemic prevention campaign volunteers " +
        "havana washington madrid mexico caracas bogota lima santiago quito panama " +
        "ottawa brussels geneva vienna rome paris london berlin moscow beijing tokyo";

    private const string SpanishContentWords =
        "gobierno ministro ministerio presidente exteriores reunión conversaciones " +
        "delegación cooperación acuerdo relaciones embajada embajador comercio económica " +
        "seguridad ley tráfico personas frontera servicio migración política consejo " +
        "comisión informe presupuesto elecciones parlamento congreso tribunal justicia " +
        "policía salud hospital vacuna educación escuela universidad estudiantes maestros " +
        "trabajadores sindicato huelga energía petróleo electricidad agua clima cambio " +
        "ambiente bosque huracán terremoto inundación sequía agricultura campesinos cosecha " +
        "azúcar café tabaco turismo turistas hotel aeropuerto vuelos puerto exportaciones " +
        "importaciones inversión banco mercado precios inflación moneda impuestos reforma " +
        "desarrollo proyecto programa estrategia conferencia cumbre foro diálogo " +
        "intercambio visita autoridades representantes nacional internacional regional " +
        "pública privado sector industria empresas tecnología ciencia investigación cultura " +
        "festival música cine arte patrimonio museo deportes atletas campeonato equipo " +
        "victoria aniversario celebración ceremonia premio historia revolución " +
        "independencia derechos libertad prensa periodistas televisión declaración " +
        "anuncio decisión medidas sanciones bloqueo ayuda solidaridad comunidad familias " +
        "niños mujeres jóvenes población vivienda transporte carretera construcción " +
        "infraestructura negociaciones tratado protocolo pesca minería medicina médicos " +
        "clínica epidemia prevención campaña voluntarios humanos exterior";

    private static readonly string[] Onsets =
    [
        "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "ch",
        "pl", "gr", "cr", "fl", "st", "k", "j", "h", "qu", "bl", "dr", "",
    ];

    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "a", "e", "o", "ia", "ue"];

    private static readonly string[] Codas = ["", "", "", "n", "r", "s", "l", "m", "x"];

    private Vocabulary(Language english, Language spanish, string[] pseudoWords)
    {
        English = english;
        Spanish = spanish;
        PseudoWords = pseudoWords;
    }

    public Language English { get; }

    public Language Spanish { get; }

    public IReadOnlyList<string> PseudoWords { get; }

    public static Vocabulary Create(int seed)
    {
        var random = new Random(seed);
        var real = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in new[] { EnglishStopWords, SpanishStopWords, EnglishContentWords, SpanishContentWords })
        {
            real.UnionWith(Split(list));
        }

        var pseudo = new List<string>(PseudoWordCount);
        var seen = new HashSet<string>(real, StringComparer.Ordinal);
        while (pseudo.Count < PseudoWordCount)
        {
            var syllables = 2 + random.Next(3) - (random.Next(6) == 0 ? 1 : 0);
            var word = string.Concat(Enumerable.Range(0, syllables).Select(_ =>
                Onsets[random.Next(Onsets.Length)] + Vowels[random.Next(Vowels.Length)] + Codas[random.Next(Codas.Length)]));
            if (word.Length >= 4 && seen.Add(word)
                && !word.EndsWith('s') && !word.EndsWith("ed", StringComparison.Ordinal)
                && !word.EndsWith("ing", StringComparison.Ordinal))
            {
                pseudo.Add(word);
            }
        }

        var pseudoWords = pseudo.ToArray();
        return new Vocabulary(
            Language.Build("en", Split(EnglishStopWords), Split(EnglishContentWords), pseudoWords, random),
            Language.Build("es", Split(SpanishStopWords), Split(SpanishContentWords), pseudoWords, random),
            pseudoWords);
    }

    internal static string[] Split(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>One language's ranked word list and its sampler.</summary>
    internal sealed class Language
    {
        private readonly double[] _cumulative;

        private Language(string code, string[] ranked, int stopWordCount, HashSet<string> pseudo, string[][] collocations)
        {
            Code = code;
            Ranked = ranked;
            StopWordCount = stopWordCount;
            PseudoSet = pseudo;
            Collocations = collocations;
            _cumulative = new double[ranked.Length];
            var total = 0.0;
            for (var rank = 0; rank < ranked.Length; rank++)
            {
                // Zipf–Mandelbrot: a little flatter at the head than pure 1/r, as in real text.
                total += 1.0 / Math.Pow(rank + 2.7, 1.0);
                _cumulative[rank] = total;
            }

            for (var rank = 0; rank < ranked.Length; rank++)
            {
                _cumulative[rank] /= total;
            }
        }

        public string Code { get; }

        public string[] Ranked { get; }

        public int StopWordCount { get; }

        public HashSet<string> PseudoSet { get; }

        /// <summary>Word pairs that occur together far more often than chance, so phrases matter.</summary>
        public string[][] Collocations { get; }

        public int SampleRank(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, Ranked.Length - 1);
        }

        public string SampleContentWord(Random random)
        {
            while (true)
            {
                var rank = SampleRank(random);
                if (rank >= StopWordCount)
                {
                    return Ranked[rank];
                }
            }
        }

        internal static Language Build(string code, string[] stopWords, string[] contentWords, string[] pseudoWords, Random random)
        {
            // Real content words are spread over the first few thousand ranks, between pseudo-words.
            var ranked = new List<string>(stopWords.Length + contentWords.Length + pseudoWords.Length);
            ranked.AddRange(stopWords);
            var pseudoQueue = new Queue<string>(pseudoWords);
            var contentQueue = new Queue<string>(contentWords.OrderBy(_ => random.Next()));
            while (contentQueue.Count > 0)
            {
                if (random.Next(4) == 0 && pseudoQueue.Count > 0)
                {
                    ranked.Add(pseudoQueue.Dequeue());
                }
                else
                {
                    ranked.Add(contentQueue.Dequeue());
                }

                var gap = random.Next(8);
                for (var i = 0; i < gap && pseudoQueue.Count > 0; i++)
                {
                    ranked.Add(pseudoQueue.Dequeue());
                }
            }

            ranked.AddRange(pseudoQueue);
            var rankedArray = ranked.ToArray();

            var collocations = new List<string[]>();
            var fixedPairs = code == "en"
                ? new[] { "law enforcement", "drug trafficking", "foreign affairs", "human rights", "trade agreement", "climate change", "public health", "coast guard", "border guard", "economic cooperation", "humanitarian aid", "national assembly", "prime minister", "united nations" }
                : new[] { "derechos humanos", "comercio exterior", "salud pública", "cambio climático", "relaciones exteriores", "cooperación económica", "ayuda humanitaria", "tráfico personas", "naciones unidas", "asamblea nacional" };
            collocations.AddRange(fixedPairs.Select(p => p.Split(' ')));
            var head = Math.Min(rankedArray.Length, 4000);
            while (collocations.Count < 300)
            {
                var first = rankedArray[stopWords.Length + random.Next(head - stopWords.Length)];
                var second = rankedArray[stopWords.Length + random.Next(head - stopWords.Length)];
                if (first != second)
                {
                    collocations.Add([first, second]);
                }
            }

            return new Language(code, rankedArray, stopWords.Length, new HashSet<string>(pseudoWords, StringComparer.Ordinal), collocations.ToArray());
        }
    }
}
