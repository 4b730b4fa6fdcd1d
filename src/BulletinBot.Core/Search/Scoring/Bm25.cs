using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Scoring;

/// <summary>
/// BM25F with per-field length normalisation. One formula serves both sides: the segment builder
/// stores per-block maxima of <see cref="Weight"/>, and a search scores and bounds with the same
/// formula (<see cref="Bm25Scorer"/>), so a bound can never fall below a score it stands for.
/// </summary>
internal static class Bm25
{
    public const double K1 = 1.2;
    public const double B = 0.75;
    public const double TitleBoost = 2.5;

    public static double Idf(long documentCount, long docFreq) =>
        Math.Log(1 + ((documentCount - docFreq + 0.5) / (docFreq + 0.5)));

    /// <summary>The pseudo-frequency of a term in a document: field frequencies, each normalised by its
    /// field's length, title weighted more.</summary>
    public static double Weight(int titleTf, int bodyTf, int titleLength, int bodyLength, double inverseAverageTitle, double inverseAverageBody) =>
        (TitleBoost * titleTf / (1 - B + (B * titleLength * inverseAverageTitle)))
        + (bodyTf / (1 - B + (B * bodyLength * inverseAverageBody)));

    public static double Saturate(double weight) => weight / (K1 + weight);

    public static double Inverse(double average) => average > 0 ? 1 / average : 0;
}

/// <summary>
/// One query's BM25F statistics over a snapshot: per scoring term idf × (k1 + 1), and the inverse
/// average field lengths of the live documents. Reused by a thread's evaluator from query to query.
/// </summary>
internal sealed class Bm25Scorer
{
    private double[] multipliers = new double[16];

    public double InverseAverageTitle { get; private set; }

    public double InverseAverageBody { get; private set; }

    public void Reset(int termCount, long documentCount, long titleLengthSum, long bodyLengthSum)
    {
        Buffers.Grow(ref multipliers, termCount);
        InverseAverageTitle = Bm25.Inverse((double)titleLengthSum / documentCount);
        InverseAverageBody = Bm25.Inverse((double)bodyLengthSum / documentCount);
    }

    public void SetDocFreq(int term, long documentCount, long docFreq) =>
        multipliers[term] = Bm25.Idf(documentCount, docFreq) * (Bm25.K1 + 1);

    /// <summary>A term's contribution to a document's score; a document's score is the sum over the
    /// scoring terms, added in term order so that every path gets the same double.</summary>
    public double Score(int term, int titleTf, int bodyTf, int titleLength, int bodyLength) =>
        multipliers[term] * Bm25.Saturate(Bm25.Weight(titleTf, bodyTf, titleLength, bodyLength, InverseAverageTitle, InverseAverageBody));

    /// <summary>
    /// Block maxima were computed with their segment's own average lengths; with the snapshot's
    /// averages a pseudo-frequency grows by at most the factor returned here: the segment's average
    /// over the snapshot's, per field, when above 1 (see <see cref="Bm25.Weight"/>).
    /// </summary>
    public double BoundScale(Segment segment)
    {
        var scale = 1.0;
        if (segment.AverageTitleLength > 0 && InverseAverageTitle > 0)
        {
            scale = Math.Max(scale, 1 / (InverseAverageTitle * segment.AverageTitleLength));
        }

        if (segment.AverageBodyLength > 0 && InverseAverageBody > 0)
        {
            scale = Math.Max(scale, 1 / (InverseAverageBody * segment.AverageBodyLength));
        }

        return scale;
    }

    /// <summary>The most a term can add to any document of a block whose stored maximum is
    /// <paramref name="maxWeight"/>.</summary>
    public double BlockBound(int term, float maxWeight, double boundScale) =>
        maxWeight <= 0 ? 0 : multipliers[term] * Bm25.Saturate(maxWeight * boundScale);
}
