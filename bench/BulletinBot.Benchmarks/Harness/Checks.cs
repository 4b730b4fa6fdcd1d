using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Harness;

/// <summary>
/// What the run checks besides speed: every engine returns the same number of top hits as the
/// floor for every query (the "shape"), every engine finds the seeded items, and how far each
/// engine's top 10 agrees with the floor's exhaustive BM25.
/// </summary>
internal static class Checks
{
    public static CheckReport Compare(IReadOnlyList<BenchQuery> queries, IReadOnlyList<EngineRun> runs)
    {
        var failures = new List<string>();
        var agreements = new List<Agreement>();
        var byNumber = queries.ToDictionary(q => q.Number);

        foreach (var variant in runs.SelectMany(r => r.Variants))
        {
            foreach (var answer in variant.Answers)
            {
                var query = byNumber[answer.Number];
                if (query.ExpectedId is { } expected && !answer.Ids.Contains(expected))
                {
                    failures.Add($"{variant.Label} did not return the seeded item {expected} for #{query.Number} `{query.Text}`.");
                }
            }

            var floor = runs.FirstOrDefault(r => r.Engine == EngineCatalog.ReferenceFor(variant.Engine))?.Variants.FirstOrDefault();
            if (floor is null || variant.Engine is EngineCatalog.Floor or EngineCatalog.FloorOurs)
            {
                continue;
            }

            var reference = floor.Answers.ToDictionary(a => a.Number);
            var perKind = new Dictionary<string, AgreementCounts>();
            var disagreements = new List<Disagreement>();
            foreach (var answer in variant.Answers)
            {
                var query = byNumber[answer.Number];
                var expected = reference[answer.Number];
                if (answer.Ids.Count != expected.Ids.Count)
                {
                    failures.Add($"{variant.Label} returned {answer.Ids.Count} hits for #{query.Number} `{query.Text}` where {floor.Label} returned {expected.Ids.Count}.");
                }

                var counts = perKind.TryGetValue(query.Kind, out var c) ? c : new AgreementCounts();
                counts.Compared++;
                if (answer.Ids.ToHashSet().SetEquals(expected.Ids))
                {
                    counts.SameSet++;
                }
                else if (IsTieAtTheCut(answer, expected))
                {
                    counts.TiesAtTheCut++;
                }
                else
                {
                    disagreements.Add(Disagreement.Of(query, answer, expected));
                }

                if (answer.Ids.SequenceEqual(expected.Ids))
                {
                    counts.SameOrder++;
                }

                counts.Overlap += expected.Ids.Count == 0 ? 1 : (double)answer.Ids.Intersect(expected.Ids).Count() / expected.Ids.Count;
                if (answer.Total is { } total && expected.Total is { } expectedTotal)
                {
                    counts.TotalsCompared++;
                    if (total == expectedTotal)
                    {
                        counts.SameTotal++;
                    }
                }

                perKind[query.Kind] = counts;
            }

            agreements.Add(new Agreement(variant.Label, floor.Label, perKind, disagreements));
        }

        return new CheckReport(failures, agreements);
    }
    /// <summary>
    /// True when the two top 10s differ only among hits that score the same as the reference's last
    /// one (to a relative 1e-5, for float and summation order): either choice is right.
    /// </summary>
    private static bool IsTieAtTheCut(QueryAnswer answer, QueryAnswer expected)
    {
        if (answer.Scores is null || expected.Scores is not { Count: > 0 } reference)
        {
            return false;
        }

        var cut = reference[^1];
        bool Tied(double score) => Math.Abs(score - cut) <= 1e-5 * Math.Max(1, Math.Abs(cut));
        var extra = answer.Ids.Select((id, i) => (id, i)).Where(p => !expected.Ids.Contains(p.id)).Select(p => answer.Scores[p.i]);
        var missing = expected.Ids.Select((id, i) => (id, i)).Where(p => !answer.Ids.Contains(p.id)).Select(p => reference[p.i]);
        return extra.All(Tied) && missing.All(Tied);
    }
}


/// <summary>A top 10 that differs from the reference's beyond ties: what each has that the other lacks.</summary>
internal sealed record Disagreement(int Number, string Kind, string Text, string Missing, string Extra)
{
    public static Disagreement Of(BenchQuery query, QueryAnswer answer, QueryAnswer expected)
    {
        static string Describe(QueryAnswer side, IEnumerable<string> ids) => string.Join(", ", ids.Select(id =>
        {
            var at = side.Ids.IndexOf(id);
            return side.Scores is { } scores ? $"{id} (#{at + 1}, {scores[at]:G6})" : $"{id} (#{at + 1})";
        }));

        return new Disagreement(query.Number, query.Kind, query.Text,
            Describe(expected, expected.Ids.Except(answer.Ids)),
            Describe(answer, answer.Ids.Except(expected.Ids)) + (expected.Scores is { Count: > 0 } s ? $"; reference's 10th score {s[^1]:G6}" : ""));
    }
}

internal sealed record CheckReport(List<string> Failures, List<Agreement> Agreements);

internal sealed record Agreement(string Label, string Reference, Dictionary<string, AgreementCounts> PerKind, List<Disagreement> Disagreements)
{
    public AgreementCounts Overall
    {
        get
        {
            var sum = new AgreementCounts();
            foreach (var c in PerKind.Values)
            {
                sum.Compared += c.Compared;
                sum.SameSet += c.SameSet;
                sum.TiesAtTheCut += c.TiesAtTheCut;
                sum.SameOrder += c.SameOrder;
                sum.Overlap += c.Overlap;
                sum.TotalsCompared += c.TotalsCompared;
                sum.SameTotal += c.SameTotal;
            }

            return sum;
        }
    }
}

internal sealed class AgreementCounts
{
    public int Compared { get; set; }

    public int SameSet { get; set; }

    public int SameOrder { get; set; }

    /// <summary>Top 10s that differ only in which of several equally scored hits made the cut.</summary>
    public int TiesAtTheCut { get; set; }

    /// <summary>Sum over queries of |ours ∩ floor| / |floor| in the top 10.</summary>
    public double Overlap { get; set; }

    public int TotalsCompared { get; set; }

    public int SameTotal { get; set; }
}
