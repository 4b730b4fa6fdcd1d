using System.Diagnostics;

namespace BulletinBot;

/// <summary>
/// Milestones of a start, to stderr, when BULLETINBOT_START_TRACE is set (docs/performance.md):
/// milliseconds since the process started. Costs one environment read when it is not set.
/// </summary>
internal static class StartTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("BULLETINBOT_START_TRACE") is { Length: > 0 };
    private static readonly DateTime Started = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    public static void Mark(string step)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"trace: {(DateTime.UtcNow - Started).TotalMilliseconds,6:F0} ms {step}");
        }
    }
}
