namespace BulletinBot.Core.Storage;

/// <summary>
/// The store, its log, its lock and its owner file are for the user the bot runs as: mode 0600 whatever the umask
/// (the store holds every subscription and chat id). A file made by an older build is narrowed when it is opened.
/// </summary>
internal static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Opens <paramref name="path"/> as <see cref="FileStream"/> would, created 0600 and narrowed to 0600.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        if (FileKind.IsSpecial(path))
        {
            throw new IOException($"{path} is not a regular file");
        }

        var settings = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
        {
            settings.UnixCreateMode = OwnerReadWrite;
        }

        var stream = new FileStream(path, settings);
        Restrict(path);
        return stream;
    }

    /// <summary>Takes every permission from group and others; a file this user cannot change is left as it is.</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            if (FileKind.IsSpecial(path))
            {
                return;
            }

            if ((File.GetUnixFileMode(path) & ~OwnerReadWrite) != 0)
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) & OwnerReadWrite);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Another user's file (the bot runs as root over it): its owner decides.
        }
    }
}
