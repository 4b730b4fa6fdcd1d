using System.Runtime.InteropServices;

namespace BulletinBot.Benchmarks.Runner;

/// <summary>What the report says about the machine it was measured on.</summary>
internal sealed record MachineInfo(string Processor, int Cores, double MemoryGiB, string OperatingSystem, string Runtime)
{
    public static MachineInfo Describe()
    {
        var processor = RuntimeInformation.ProcessArchitecture.ToString();
        if (File.Exists("/proc/cpuinfo"))
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (model is not null)
            {
                processor = model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return new MachineInfo(
            processor,
            Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The 1-minute load average, or 0 where the OS does not say: other work on the machine shows here.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    public override string ToString() =>
        $"{Processor}, {Cores} cores, {MemoryGiB:F0} GiB; {OperatingSystem}; {Runtime}";
}
