using System.Globalization;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>The command line: <c>[--sizes 10000,100000] [--smoke] [--runs 3] [--engines a,b] [--out file] [--work dir] [--budget seconds] [--searches 1000] [--pages 10000] [--skip-store] [--skip-cold] [--host r2r|jit] [--store file] [--only-pages]</c>.</summary>
internal sealed record BenchOptions
{
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000];

    public bool Smoke { get; init; }

    public IReadOnlyList<string>? Engines { get; init; }

    public string? Output { get; init; }

    public string? WorkDirectory { get; init; }

    public double BudgetSeconds { get; init; } = 12;

    /// <summary>How many times each engine is measured at each size, in a different place of the run order each time; the report gives the median.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Searches the running bot answers before its peak resident memory is read.</summary>
    public int Searches { get; init; } = 1000;

    /// <summary>Page files (of <see cref="UserPath.ItemsPerPage"/> items each) the host's first start ingests.</summary>
    public int Pages { get; init; } = 10_000;

    public bool SkipStore { get; init; }

    public bool SkipCold { get; init; }

    /// <summary>Which build of the host the user path starts: <see cref="HostForm.ReadyToRun"/> (the default, as shipped) or <see cref="HostForm.Jit"/> (the smoke run's default).</summary>
    public string HostForm { get; init; } = Runner.HostForm.ReadyToRun;

    /// <summary>An existing store of ours: run only the user path on it (no engines, no store benchmarks, no page files).</summary>
    public string? Store { get; init; }

    /// <summary>Only the host's first start over <see cref="Pages"/> page files: no corpus sizes, engines or stores.</summary>
    public bool OnlyPages { get; init; }

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
                "--host" => options with { HostForm = Value() is Runner.HostForm.Jit ? Runner.HostForm.Jit : Runner.HostForm.ReadyToRun },
                "--store" => options with { Store = Path.GetFullPath(Value()) },
                "--only-pages" => options with { OnlyPages = true },
                "--runs" => options with { Runs = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--searches" => options with { Searches = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--pages" => options with { Pages = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: [--sizes 10000,100000,1000000] [--smoke] [--runs 3] [--engines floor,lucene,fts5,ours] [--out docs/benchmarks.md] [--work dir] [--budget seconds] [--searches 1000] [--pages 10000] [--skip-store] [--skip-cold] [--host r2r|jit] [--store file] [--only-pages]"),
            };
        }

        if (!options.Smoke)
        {
            return options;
        }

        // The smoke run is for CI: one run of a tiny corpus, and a short user path; anything given wins.
        return options with
        {
            Sizes = args.Contains("--sizes") ? options.Sizes : [500],
            Runs = args.Contains("--runs") ? options.Runs : 1,
            Searches = args.Contains("--searches") ? options.Searches : 20,
            Pages = args.Contains("--pages") ? options.Pages : 10,
            HostForm = args.Contains("--host") ? options.HostForm : Runner.HostForm.Jit,
        };
    }
}
