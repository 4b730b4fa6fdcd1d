using System.Globalization;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>The command line: <c>[--sizes 10000,100000] [--smoke] [--engines a,b] [--out file] [--work dir] [--budget seconds] [--skip-store] [--skip-cold]</c>.</summary>
internal sealed record BenchOptions
{
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000];

    public bool Smoke { get; init; }

    public IReadOnlyList<string>? Engines { get; init; }

    public string? Output { get; init; }

    public string? WorkDirectory { get; init; }

    public double BudgetSeconds { get; init; } = 12;

    public bool SkipStore { get; init; }

    public bool SkipCold { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions { Arguments = args };
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--sizes" => options with { Sizes = Value().Split(',').Select(s => int.Parse(s.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)).ToArray() },
                "--smoke" => options with { Smoke = true },
                "--engines" => options with { Engines = Value().Split(',') },
                "--out" => options with { Output = Value() },
                "--work" => options with { WorkDirectory = Value() },
                "--budget" => options with { BudgetSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--skip-store" => options with { SkipStore = true },
                "--skip-cold" => options with { SkipCold = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: [--sizes 10000,100000,1000000] [--smoke] [--engines floor,lucene,fts5,ours] [--out docs/benchmarks.md] [--work dir] [--budget seconds] [--skip-store] [--skip-cold]"),
            };
        }

        return options.Smoke && !args.Contains("--sizes") ? options with { Sizes = [500] } : options;
    }
}
