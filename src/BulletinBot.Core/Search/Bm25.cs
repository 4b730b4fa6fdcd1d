namespace BulletinBot.Core.Search;

/// <summary>
/// BM25F with per-field length normalisation. One formula serves both sides: the segment builder
/// stores per-block maxima of <see cref="Weight"/>, and a search scores and bounds with the same
/// formula, so a bound can never fall below a score it stands for.
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
