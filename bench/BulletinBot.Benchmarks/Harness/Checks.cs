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

            agreements.Add(new Agreement(variant.Label, floor.Label, perKind));
        }

        return new CheckReport(failures, agreements);
    }
}

internal sealed record CheckReport(List<string> Failures, List<Agreement> Agreements);

internal sealed record Agreement(string Label, string Reference, Dictionary<string, AgreementCounts> PerKind)
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

    /// <summary>Sum over queries of |ours ∩ floor| / |floor| in the top 10.</summary>
    public double Overlap { get; set; }

    public int TotalsCompared { get; set; }

    public int SameTotal { get; set; }
}
