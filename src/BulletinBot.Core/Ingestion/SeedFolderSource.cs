using System.Runtime.CompilerServices;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// The *.txt pages of one folder, in ordinal name order so ingestion is repeatable. After the first
/// read, a page written less than <paramref name="settle"/> ago, or whose length changes while it is
/// read, may still be being written: it is left for a later round rather than read half-written.
/// </summary>
public sealed class SeedFolderSource(string folder, TimeSpan settle = default) : IBulletinSource
{
    /// <summary>Pages larger than this are not bulletin pages; reading them whole would only waste memory.</summary>
    public const int MaxPageBytes = 8 * 1024 * 1024;

    public string Name => "seeds";

    public string ShortName => SourceDirectory.NameOfFolder(folder);

    private bool _readOnce;

    public string Folder => folder;

    /// <summary>Pages left for a later round because they were still changing, by the last read.</summary>
    public int Unsettled { get; private set; }

    public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            yield return new RawDocument(folder, null, "the seeds folder does not exist");
            yield break;
        }

        var files = Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal);
        var unsettled = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(file);
            if (!IsSettled(file))
            {
                unsettled++;
                continue;
            }

            byte[]? content = null;
            string? error = null;
            try
            {
                var length = new FileInfo(file).Length;
                if (length > MaxPageBytes)
                {
                    error = $"it is {length / 1024 / 1024} MB; pages over {MaxPageBytes / 1024 / 1024} MB are not read";
                }
                else
                {
                    content = await File.ReadAllBytesAsync(file, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                error = exception.Message;
            }

            if (content is not null && !IsSettled(file, content.Length))
            {
                unsettled++;
                continue;
            }

            yield return new RawDocument(name, content, error);
        }

        Unsettled = unsettled;
        _readOnce = true;
    }

    /// <summary>
    /// Whether the file looks complete: last written at least the settle time ago and, when it was
    /// just read, still the length that was read. File times come from the OS clock, so it is compared with that clock.
    /// </summary>
    private bool IsSettled(string file, long? readLength = null)
    {
        // The first read at start takes what is there: that is the load a first run treats as its backfill.
        if (settle <= TimeSpan.Zero || !_readOnce)
        {
            return true;
        }

        var info = new FileInfo(file);
        return info.Exists
            && DateTime.UtcNow - info.LastWriteTimeUtc >= settle
            && (readLength is null || info.Length == readLength);
    }
}
