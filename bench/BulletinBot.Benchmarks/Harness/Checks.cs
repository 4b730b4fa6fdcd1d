using BulletinBot.Benchmarks.Engines;
using BulletinBot.Benchmarks.Queries;

namespace BulletinBot.Benchmarks.Harness;

/// <summary>
/// What the run checks besides speed, each a failure of the run: every engine finds the seeded
/// items; returns as many top hits as its exhaustive reference (the floor that tokenizes and scores
/// as it does); has the reference's top 10, or differs from it only among hits tied with the
/// reference's 10th; and counts the matches as the reference does, under the phrase budget (exact,
/// or a lower bound only for a phrase query with more candidates than <see cref="PhraseBudget.Checks"/>).
/// </summary>
internal static class Checks
{
    public static CheckReport Compare(IReadOnlyList<BenchQuery> queries, IReadOnlyList<EngineRun> runs)
    {
        var failures = new List<string>();
        var agreements = new List<Agreement>();
        var byNumber = queries.ToDictionary(q => q.Number);

        foreach (var variant in runs.SelectMany(r => r.Variants).Where(v => v.Timed))
        {
            foreach (var answer in variant.Answers)
            {
                var query = byNumber[answer.Number];
                if (query.ExpectedId is { } expected && !answer.Ids.Contains(expected))
                {
                    failures.Add($"{variant.Label} did not return the seeded item {expected} for #{query.Number} `{query.Text}`.");
                }
            }

            if (EngineCatalog.ReferenceFor(variant.Engine) is not { } referenceName)
            {
                continue;
            }

            var floor = runs.FirstOrDefault(r => r.Engine == referenceName.Engine)?.Variants.FirstOrDefault(v => v.Variant == referenceName.Variant);
            if (floor is null)
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
                    var disagreement = Disagreement.Of(query, answer, expected);
                    disagreements.Add(disagreement);
                    failures.Add($"{variant.Label}'s top 10 differs from {floor.Label}'s beyond ties for #{query.Number} {query.Kind} `{query.Text}`: reference only: {disagreement.Missing}; {variant.Engine} only: {disagreement.Extra}.");
                }

                if (answer.Ids.SequenceEqual(expected.Ids))
                {
                    counts.SameOrder++;
                }

                counts.Overlap += expected.Ids.Count == 0 ? 1 : (double)answer.Ids.Intersect(expected.Ids).Count() / expected.Ids.Count;
                CheckTotal(variant, floor, query, answer, expected, counts, failures);
                perKind[query.Kind] = counts;
            }

            agreements.Add(new Agreement(variant.Label, floor.Label, perKind, disagreements));
        }

        return new CheckReport(failures, agreements);
    }

    /// <summary>The phrase budget, the same for every engine: an exact total, or a lower bound (at least the hits shown, at most the true count) only where the query has a phrase and more candidates than the budget.</summary>
    private static void CheckTotal(VariantResult variant, VariantResult floor, BenchQuery query, QueryAnswer answer, QueryAnswer expected, AgreementCounts counts, List<string> failures)
    {
        if (expected.Total is not { } exact)
        {
            return;
        }

        if (answer.Total is not { } total)
        {
            failures.Add($"{variant.Label} gave no total for #{query.Number} `{query.Text}`.");
            return;
        }

        if (!answer.TotalIsLowerBound)
        {
            counts.TotalsCompared++;
            if (total == exact)
            {
                counts.SameTotal++;
            }
            else
            {
                failures.Add($"{variant.Label} counted {total:N0} matches for #{query.Number} `{query.Text}` where {floor.Label} counts {exact:N0}.");
            }

            return;
        }

        counts.LowerBounds++;
        if (expected.PhraseCandidates is not > PhraseBudget.Checks)
        {
            failures.Add($"{variant.Label} gave only a lower bound ({total:N0}) for #{query.Number} `{query.Text}`, which has {expected.PhraseCandidates?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "no"} phrase candidates, within the budget of {PhraseBudget.Checks}: it must count exactly.");
        }
        else if (total < answer.Ids.Count || total > exact)
        {
            failures.Add($"{variant.Label}'s lower bound {total:N0} for #{query.Number} `{query.Text}` is not between its {answer.Ids.Count} hits and the true count {exact:N0}.");
        }
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
                sum.LowerBounds += c.LowerBounds;
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

    /// <summary>Phrase totals given as a lower bound, past the phrase budget.</summary>
    public int LowerBounds { get; set; }

    public int SameTotal { get; set; }
}
