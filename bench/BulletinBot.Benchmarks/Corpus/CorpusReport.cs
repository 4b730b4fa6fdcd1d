using System.Diagnostics;
using System.Globalization;
using BulletinBot.Benchmarks.Queries;
using BulletinBot.Benchmarks.Runner;

namespace BulletinBot.Benchmarks.Corpus;

/// <summary><c>corpus N</c>: how long generating N items takes, what the corpus holds, and a sample item.</summary>
internal static class CorpusReport
{
    public static int Run(IReadOnlyList<string> args)
    {
        var size = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var generator = new CorpusGenerator(RepoPaths.Seeds);
        var clock = Stopwatch.StartNew();
        var count = generator.Generate(size).Count();
        Console.WriteLine($"generated {count:N0} items in {clock.Elapsed.TotalSeconds:F1} s");
        QuerySetBuilder.Build(generator.Generate(size), count, generator.SeedBulletins, out var stats);
        Console.WriteLine(stats);
        var sample = generator.Generate(size).Skip(generator.SeedBulletins.Count + 1).First();
        Console.WriteLine($"{sample.Id} {sample.Date} {sample.Source}\n{sample.Title}\n\n{sample.Body}");
        return 0;
    }
}
