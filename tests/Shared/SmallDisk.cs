using System.Diagnostics;

namespace BulletinBot.TestDisk;

/// <summary>
/// A small tmpfs mounted over a folder, made full by a filler file, for the full-disk cases. Mounting needs Linux, root
/// and mount rights; where it cannot, a test skips itself with <see cref="Unavailable"/>.
/// </summary>
public static class SmallDisk
{
    public const string Unavailable = "Cannot mount a tmpfs here (it needs Linux, root and mount rights); the full-disk case was not run.";

    public static bool TryMount(string folder, string size)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        Directory.CreateDirectory(folder);
        return Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder) == 0;
    }

    /// <summary>Lazily: a handle that LiteDB or a killed process left must not keep the mount, and the test, busy.</summary>
    public static void Unmount(string folder) => Run("umount", "-l", folder);

    /// <summary>Writes a file at <paramref name="path"/> until its disk has no room left.</summary>
    public static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    private static int Run(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
