using System.Diagnostics;

namespace BulletinBot.Benchmarks.Harness;

/// <summary>
/// The process's peak working set (VmHWM on Linux), and a way to start it afresh: after a full
/// compacting collection, writing 5 to /proc/self/clear_refs resets the peak to the current
/// resident size, so that a later phase's peak is its own.
/// </summary>
internal static class PeakMemory
{
    public static long Current()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }

    /// <summary>True if the peak was reset; false where the OS offers no way to.</summary>
    public static bool Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
