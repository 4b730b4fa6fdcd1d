using System.Runtime.InteropServices;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Whether a path names a regular file. .NET reports no file type beyond folders and links, and a store set to a
/// device (Storage:Path=/dev/null) must be refused before anything opens it: narrowing its mode to 0600 as the bot
/// does for its own files would take the device away from every other user of the machine when the bot runs as root.
/// </summary>
internal static class FileKind
{
    private const int CurrentDirectory = -100;
    private const uint TypeOnly = 0x1;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>True when <paramref name="path"/> exists and is something other than a regular file (a device, a pipe, a socket).</summary>
    public static bool IsSpecial(string path)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return false;
        }

        try
        {
            // statx's buffer has one layout on every Linux architecture; the file's type is in stx_mode at byte 28.
            var buffer = new byte[256];
            if (Statx(CurrentDirectory, path, 0, TypeOnly, buffer) != 0)
            {
                return false;
            }

            return (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask) != Regular;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without statx: the file is taken as it is, as before this check.
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in the project; this one call marshals a byte array only.
    [DllImport("libc", EntryPoint = "statx", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054
}
