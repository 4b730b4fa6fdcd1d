using System.Buffers.Binary;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The pages of a LiteDB 5 data file as its log says they last were: the file's own 8 KB pages, with the pages of every
/// confirmed transaction in its log ("name-log.ext") laid over them in order. Read without LiteDB, for salvage: a
/// page that cannot be read is left out, and nothing here throws but what a caller's own stream throws.
/// </summary>
internal sealed class LitePageFile : IDisposable
{
    public const int PageSize = 8192;
    public const int HeaderSize = 32;

    // Offsets in a page's header (LiteDB 5's BasePage).
    internal const int PageIdAt = 0;
    internal const int PageTypeAt = 4;
    internal const int TransactionAt = 14;
    internal const int ConfirmedAt = 18;
    internal const int CollectionAt = 19;
    internal const int HighestIndexAt = 30;

    // LiteDB pages that far apart from the file's size are a damaged id, not a page.
    private const uint MaxPageId = 1u << 26;

    private readonly FileStream? _data;
    private readonly FileStream? _log;
    private readonly Dictionary<uint, List<long>> _logVersions = [];

    private LitePageFile(FileStream? data, FileStream? log)
    {
        _data = data;
        _log = log;
    }

    /// <summary>Pages the file has room for (a torn last page left out).</summary>
    public uint DataPages { get; private set; }

    /// <summary>Pages of the log that belong to no confirmed transaction, or whose header makes no sense.</summary>
    public int LogPagesIgnored { get; private set; }

    /// <summary>Bytes at the end of the data file or the log that do not make a whole page.</summary>
    public long TornBytes { get; private set; }

    /// <summary>The bytes of a last page the file holds only in part (a file cut short), else empty.</summary>
    public byte[] TornTail { get; private set; } = [];

    /// <summary>Every page id known to the file or its log, in order.</summary>
    public IEnumerable<uint> PageIds =>
        Enumerable.Range(0, (int)DataPages).Select(i => (uint)i).Union(_logVersions.Keys).Order();

    public static LitePageFile Open(string dataPath, string? logPath)
    {
        var data = TryOpen(dataPath);
        var log = logPath is null ? null : TryOpen(logPath);
        var file = new LitePageFile(data, log);
        file.DataPages = data is null ? 0 : (uint)Math.Min(data.Length / PageSize, MaxPageId);
        file.TornBytes = data is null ? 0 : data.Length % PageSize;
        file.TornTail = file.TornBytes > 0 && ReadAt(data, (long)file.DataPages * PageSize, (int)file.TornBytes) is { } tail ? tail : [];
        file.IndexLog();
        return file;
    }

    /// <summary>The versions of page <paramref name="id"/>, newest first: the log's confirmed ones, then the file's.</summary>
    public IEnumerable<byte[]> Versions(uint id)
    {
        if (_logVersions.TryGetValue(id, out var offsets))
        {
            for (var i = offsets.Count - 1; i >= 0; i--)
            {
                if (ReadAt(_log, offsets[i]) is { } page)
                {
                    yield return page;
                }
            }
        }

        if (id < DataPages && ReadAt(_data, (long)id * PageSize) is { } stored)
        {
            yield return stored;
        }
    }

    /// <summary>The newest version of page <paramref name="id"/>, or null when there is none.</summary>
    public byte[]? Newest(uint id) => Versions(id).FirstOrDefault();

    public void Dispose()
    {
        _data?.Dispose();
        _log?.Dispose();
    }

    /// <summary>
    /// LiteDB writes each transaction's pages to the log and marks its last page confirmed; only transactions that reached
    /// that mark count, later ones over earlier ones (as LiteDB's own recovery reads it).
    /// </summary>
    private void IndexLog()
    {
        if (_log is null)
        {
            return;
        }

        var pending = new Dictionary<uint, List<(uint Id, long Offset)>>();
        var pages = _log.Length / PageSize;
        TornBytes += _log.Length % PageSize;
        Span<byte> header = stackalloc byte[HeaderSize];
        for (long i = 0; i < pages; i++)
        {
            var offset = i * PageSize;
            if (!TryRead(_log, offset, header))
            {
                LogPagesIgnored++;
                continue;
            }

            var id = BinaryPrimitives.ReadUInt32LittleEndian(header[PageIdAt..]);
            var transaction = BinaryPrimitives.ReadUInt32LittleEndian(header[TransactionAt..]);
            if (id > MaxPageId || header[PageTypeAt] > 4)
            {
                LogPagesIgnored++;
                continue;
            }

            if (!pending.TryGetValue(transaction, out var list))
            {
                pending[transaction] = list = [];
            }

            list.Add((id, offset));
            if (header[ConfirmedAt] == 1)
            {
                foreach (var (pageId, at) in list)
                {
                    if (!_logVersions.TryGetValue(pageId, out var versions))
                    {
                        _logVersions[pageId] = versions = [];
                    }

                    versions.Add(at);
                }

                pending.Remove(transaction);
            }
        }

        LogPagesIgnored += pending.Values.Sum(l => l.Count);
    }

    private static byte[]? ReadAt(FileStream? stream, long offset, int length = PageSize)
    {
        var page = new byte[length];
        return stream is not null && TryRead(stream, offset, page) ? page : null;
    }

    private static bool TryRead(FileStream stream, long offset, Span<byte> buffer)
    {
        try
        {
            return RandomAccess.Read(stream.SafeFileHandle, buffer, offset) == buffer.Length;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.RandomAccess) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
