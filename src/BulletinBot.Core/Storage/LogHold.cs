namespace BulletinBot.Core.Storage;

/// <summary>
/// A test's hook in the log stream, off unless <see cref="Variable"/> names a file. While that file exists, the next
/// transaction's last page and every page after it are kept back from the log file (readers still see them), so a
/// test can kill the process after a commit returned and before the commit is in the log: "name.held" says it
/// happened. A caller that waits for a durable commit meanwhile says so in "name.waiting" and waits until the test
/// removes the file; then the pages are written. Kept in memory, not blocking the writer, because LiteDB locks the
/// stream around each write and its readers would wait on that lock too.
/// </summary>
internal sealed class LogHold(string path)
{
    internal const string Variable = "BULLETINBOT_TEST_LOG_HOLD";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    private readonly SortedDictionary<long, byte[]> _pages = [];

    public static LogHold? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? new LogHold(path) : null;

    /// <summary>Whether pages are kept back now; call under the stream's lock.</summary>
    public bool Holding => _pages.Count > 0;

    /// <summary>Keeps the page back when a hold began or is on; call under the stream's lock.</summary>
    public bool TryKeep(long position, byte[] buffer, int offset, int count, bool confirms)
    {
        if (_pages.Count == 0 && !(confirms && File.Exists(path)))
        {
            return false;
        }

        _pages[position] = buffer.AsSpan(offset, count).ToArray();
        if (_pages.Count == 1)
        {
            File.WriteAllText(path + ".held", string.Empty);
        }

        return true;
    }

    /// <summary>Reads a page kept back, as the file would give it; call under the stream's lock.</summary>
    public bool TryRead(long position, byte[] buffer, int offset, int count)
    {
        if (!_pages.TryGetValue(position, out var page) || page.Length != count)
        {
            return false;
        }

        page.CopyTo(buffer.AsSpan(offset, count));
        return true;
    }

    public long Length(long fileLength) => _pages.Count == 0 ? fileLength : Math.Max(fileLength, _pages.Last().Key + _pages.Last().Value.Length);

    /// <summary>Says a caller waits, and waits until the test lets the log go.</summary>
    public void WaitForRelease(CancellationToken cancellationToken)
    {
        File.WriteAllText(path + ".waiting", string.Empty);
        while (File.Exists(path))
        {
            cancellationToken.WaitHandle.WaitOne(Poll);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The pages kept back, in place order, and no longer held; call under the stream's lock.</summary>
    public IReadOnlyList<KeyValuePair<long, byte[]>> Take()
    {
        var pages = _pages.ToList();
        _pages.Clear();
        return pages;
    }
}
