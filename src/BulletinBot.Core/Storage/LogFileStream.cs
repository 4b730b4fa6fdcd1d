namespace BulletinBot.Core.Storage;

/// <summary>
/// The store's LiteDB log ("name-log.ext": each transaction's pages, until a checkpoint copies them into
/// the file), made durable once per transaction instead of once per page.
/// </summary>
/// <remarks>
/// Given a file, LiteDB 5.0.20's log writer syncs it to disk each time its queue of pages runs empty, and the
/// queue empties after nearly every page: one fsync per page written, and the first start over 1,000 page files
/// made 3,306 of them even with shared transactions. What recovery needs is an order, not a sync per page: a
/// transaction counts once its last page, marked confirmed, is in the log, so every earlier page of it must be on
/// disk before that page is written; the confirmed page itself is synced when the writer's queue runs empty. This
/// stream keeps exactly that: it syncs before it writes a confirmed page (when anything is unsynced) and when the
/// writer's queue runs empty after one. A crash, or a power cut, leaves a prefix of whole transactions and perhaps
/// unconfirmed pages after them, which LiteDB's recovery ignores. LiteDB's writer runs on a thread of its own,
/// after the commit has returned (as it did before this stream): a process killed in that moment loses the
/// transaction whole, never a part of it. A commit that must survive a kill waits for the writer (see
/// <see cref="LogDurability"/>). The tests check the flag's place against LiteDB's own constant and
/// that each transaction's last page, and only it, carries the flag.
/// LiteDB shares a stream it was given between its writer and its readers, locking the stream around each
/// read and write; this stream also takes its own lock, for the calls LiteDB makes outside that (flush, length).
/// </remarks>
internal sealed class LogFileStream : Stream
{
    /// <summary>LiteDB 5's page size, and the offset of the page header's "confirmed" flag (BasePage.P_IS_CONFIRMED).</summary>
    internal const int PageSize = 8192;
    internal const int ConfirmedFlag = 18;

    private readonly FileStream _file;
    private readonly LogHold? _hold = LogHold.FromEnvironment();
    private readonly Lock _gate = new();
    private bool _unsynced;
    private bool _confirmedUnsynced;
    private bool _closed;

    private LogFileStream(FileStream file) => _file = file;

    /// <summary>The log LiteDB keeps beside <paramref name="storePath"/>, named as LiteDB names it.</summary>
    public static string PathOf(string storePath) =>
        Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(storePath))!,
            $"{Path.GetFileNameWithoutExtension(storePath)}-log{Path.GetExtension(storePath)}");

    public static LogFileStream Open(string storePath) =>
        new(OwnerOnlyFile.Open(PathOf(storePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess));

    /// <summary>How many times the log was synced to disk; for tests.</summary>
    public int Syncs { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length
    {
        get
        {
            lock (_gate)
            {
                return _hold?.Length(_file.Length) ?? _file.Length;
            }
        }
    }

    public override long Position
    {
        get
        {
            lock (_gate)
            {
                return _file.Position;
            }
        }

        set
        {
            lock (_gate)
            {
                _file.Position = value;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            if (_hold?.TryRead(_file.Position, buffer, offset, count) == true)
            {
                _file.Position += count;
                return count;
            }

            return _file.Read(buffer, offset, count);
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var confirms = count == PageSize && buffer[offset + ConfirmedFlag] != 0;
        lock (_gate)
        {
            if (_hold?.TryKeep(_file.Position, buffer, offset, count, confirms) == true)
            {
                _file.Position += count;
                return;
            }

            if (confirms && _unsynced)
            {
                Sync();
            }

            _file.Write(buffer, offset, count);
            _unsynced = true;
            _confirmedUnsynced |= confirms;
        }
    }

    /// <summary>LiteDB's writer asks for a sync whenever its queue runs empty: only a confirmed page makes it worth one.</summary>
    public override void Flush()
    {
        lock (_gate)
        {
            if (_confirmedUnsynced)
            {
                Sync();
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        lock (_gate)
        {
            return _file.Seek(offset, origin);
        }
    }

    /// <summary>After a checkpoint LiteDB empties the log; that is made durable at once, as LiteDB's own file would be at its next sync.</summary>
    public override void SetLength(long value)
    {
        lock (_gate)
        {
            _file.SetLength(value);
            Sync();
        }
    }

    /// <summary>The test hook's other half (see <see cref="LogHold"/>); returns at once unless a test holds the log.</summary>
    internal void ReleaseHeld(CancellationToken cancellationToken)
    {
        if (_hold is null)
        {
            return;
        }

        lock (_gate)
        {
            if (!_hold.Holding)
            {
                return;
            }
        }

        _hold.WaitForRelease(cancellationToken);
        lock (_gate)
        {
            foreach (var (position, page) in _hold.Take())
            {
                _file.Position = position;
                _file.Write(page);
                _unsynced = true;
                _confirmedUnsynced = true;
            }
        }
    }

    private void Sync()
    {
        _file.Flush(flushToDisk: true);
        _unsynced = false;
        _confirmedUnsynced = false;
        Syncs++;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                // LiteDB closes a stream it was given at its own close in some paths, and the store closes it after LiteDB.
                if (_closed)
                {
                    base.Dispose(disposing);
                    return;
                }

                _closed = true;

                // LiteDB deletes its own log file once it is empty at close; it cannot delete a stream it was given.
                var empty = _file.Length == 0;
                _file.Dispose();
                if (empty)
                {
                    File.Delete(_file.Name);
                }
            }
        }

        base.Dispose(disposing);
    }
}
