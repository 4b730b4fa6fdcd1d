using System.Text;
using BulletinBot.Core.Bulletins;

namespace BulletinBot.Benchmarks.Corpus;

/// <summary>
/// A deterministic stream of realistic bulletins: titles of 6–14 words, bodies of 1–4 paragraphs
/// totalling 60–200 words, dates over 2005–2025, about 70% English and 30% Spanish. The same seed
/// always yields the same stream, and a smaller corpus is a prefix of a larger one. The real seed
/// pages come first.
/// </summary>
internal sealed class CorpusGenerator(string? seedsDirectory, int seed = CorpusGenerator.DefaultSeed)
{
    public const int DefaultSeed = 20_260_124;

    /// <summary>Only the more frequent words show inflected forms, so the vocabulary stays near 30,000 base words plus a few thousand forms.</summary>
    private const int InflectedRanks = 2500;

    private static readonly DateOnly FirstDay = new(2005, 1, 1);
    private static readonly int DaySpan = new DateOnly(2025, 12, 31).DayNumber - FirstDay.DayNumber + 1;

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] SpanishMonths =
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

    private static readonly string[] Sources =
        ["Cuba in USA", "Foreign Ministry", "Embajada en España", "Consulado General", "Regional Desk", "Economía y Comercio", "Culture Notes", "Mission to Geneva", "Prensa Latina Digest", "Trade Office"];

    public IReadOnlyList<Bulletin> SeedBulletins { get; } =
        seedsDirectory is null ? [] : SeedPages.Read(seedsDirectory);

    /// <summary>The seed bulletins followed by <paramref name="generatedCount"/> generated ones.</summary>
    public IEnumerable<Bulletin> Generate(int generatedCount)
    {
        foreach (var bulletin in SeedBulletins)
        {
            yield return bulletin;
        }

        var vocabulary = Vocabulary.Create(seed);
        var random = new Random(seed + 1);
        var builder = new StringBuilder(2048);
        for (var i = 0; i < generatedCount; i++)
        {
            yield return Next(vocabulary, random, builder);
        }
    }

    private static Bulletin Next(Vocabulary vocabulary, Random random, StringBuilder builder)
    {
        var language = random.Next(10) < 7 ? vocabulary.English : vocabulary.Spanish;
        var source = Sources[random.Next(Sources.Length)];
        DateOnly? date = random.Next(100) == 0 ? null : FirstDay.AddDays(random.Next(DaySpan));
        DateOnly? endDate = date is { } d && random.Next(50) == 0 ? d.AddDays(1 + random.Next(3)) : null;

        var title = Title(language, random, builder);
        var totalWords = 60 + random.Next(141);
        var paragraphCount = Math.Min(1 + random.Next(4), Math.Max(1, totalWords / 20));
        var paragraphs = new string[paragraphCount];
        var remaining = totalWords;
        for (var p = 0; p < paragraphCount; p++)
        {
            var words = p == paragraphCount - 1 ? remaining : Math.Max(15, remaining / (paragraphCount - p) + random.Next(-8, 9));
            words = Math.Min(words, remaining - (15 * (paragraphCount - p - 1)));
            remaining -= words;
            builder.Clear();
            if (p == 0 && date is { } day)
            {
                words -= AppendDatePhrase(builder, language, day, endDate);
            }

            AppendSentences(builder, language, random, Math.Max(words, 4));
            paragraphs[p] = builder.ToString();
        }

        return new Bulletin(BulletinId.Compute(source, title, date), source, title, paragraphs, date, endDate);
    }

    private static string Title(Vocabulary.Language language, Random random, StringBuilder builder)
    {
        builder.Clear();
        var words = 6 + random.Next(9);
        for (var i = 0; i < words; i++)
        {
            var word = random.Next(10) < 3 ? language.Ranked[language.SampleRank(random)] : language.SampleContentWord(random);
            if (i > 0)
            {
                builder.Append(' ');
            }

            AppendWord(builder, word, capitalise: i == 0);
        }

        return builder.ToString();
    }

    private static int AppendDatePhrase(StringBuilder builder, Vocabulary.Language language, DateOnly day, DateOnly? endDate)
    {
        var range = endDate is { } end && end.Month == day.Month ? $"{day.Day}-{end.Day}" : day.Day.ToString();
        if (language.Code == "en")
        {
            builder.Append("On ").Append(EnglishMonths[day.Month - 1]).Append(' ').Append(range).Append(", ").Append(day.Year).Append(", ");
            return 4;
        }

        builder.Append("El ").Append(range).Append(" de ").Append(SpanishMonths[day.Month - 1]).Append(" de ").Append(day.Year).Append(", ");
        return 6;
    }

    private static void AppendSentences(StringBuilder builder, Vocabulary.Language language, Random random, int words)
    {
        var startOfSentence = builder.Length == 0;
        var sentenceLeft = 8 + random.Next(17);
        while (words > 0)
        {
            if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }

            if (words >= 2 && random.Next(25) == 0)
            {
                var pair = language.Collocations[Math.Min(language.Collocations.Length - 1, (int)(language.Collocations.Length * Math.Pow(random.NextDouble(), 2.5)))];
                AppendWord(builder, pair[0], startOfSentence);
                builder.Append(' ').Append(pair[1]);
                words -= 2;
                sentenceLeft -= 2;
            }
            else
            {
                var rank = language.SampleRank(random);
                var word = language.Ranked[rank];
                if (rank >= language.StopWordCount && rank < InflectedRanks && random.Next(5) == 0 && language.PseudoSet.Contains(word))
                {
                    // Inflected forms, so that stemming matters.
                    word += language.Code == "en" ? (random.Next(3) switch { 0 => "s", 1 => "ed", _ => "ing" }) : (random.Next(2) == 0 ? "s" : "es");
                }

                AppendWord(builder, word, startOfSentence);
                words--;
                sentenceLeft--;
            }

            startOfSentence = false;
            if (sentenceLeft <= 0 || words == 0)
            {
                builder.Append('.');
                startOfSentence = true;
                sentenceLeft = 8 + random.Next(17);
            }
            else if (random.Next(12) == 0)
            {
                builder.Append(',');
            }
        }
    }

    private static void AppendWord(StringBuilder builder, string word, bool capitalise)
    {
        if (capitalise)
        {
            builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
        }
        else
        {
            builder.Append(word);
        }
    }
}
