using LiteDB;
using LiteDB.Engine;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The one <see cref="LiteDatabase"/> of the process, with the schema this code expects.
/// LiteDB allows a single writer per file, so every component shares this instance.
/// </summary>
public sealed partial class BulletinDatabase : IDisposable
{
    /// <summary>Bumped whenever collections or indexes change shape; recorded in the file's user version.</summary>
    public const int SchemaVersion = 5;

    internal const string Bulletins = "bulletins";
    internal const string Sources = "sources";
    internal const string Continuations = "continuations";
    internal const string Meta = "meta";
    internal const string Checkpoints = "checkpoints";
    internal const string Validators = "validators";
    internal const string Sketches = "sketches";

    private static readonly HashSet<string> Ours = new(StringComparer.OrdinalIgnoreCase) { Bulletins, Sources, Continuations, Meta, Checkpoints, Validators, Sketches };

    private readonly StoreLock? _lock;

    // The store's newest committed change number, once known; -1 until first read. This process alone
    // writes the file (it holds the store's lock), and each write raises the number after its commit.
    // The number only ever rises, so a thread that read the file before a commit cannot put it back.
    private long _sequence = -1;

    private BulletinDatabase(LiteDatabase database, StoreLock? owned = null, string? filePath = null, bool readOnly = false)
    {
        Database = database;
        _lock = owned;
        FilePath = filePath;
        if (readOnly)
        {
            StoreMigration.RefuseToMigrate(Database);
        }
        else
        {
            StoreMigration.Migrate(Database, Ours);
            CreateCollections();
        }
    }

    public LiteDatabase Database { get; }

    /// <summary>Opened by <see cref="OpenReadOnly"/>: nothing may be written.</summary>
    public bool IsReadOnly { get; private init; }

    /// <summary>
    /// Whether this process opened the store for the ingest command, which serves no reader while it writes. LiteDB
    /// 5.0.20 faults ("page type must be collection page") when another thread reads while a transaction of many pages
    /// writes, so only such a process commits many pages in one transaction (see <see cref="Ingestion.Ingestor"/>).
    /// </summary>
    public bool OwnedByIngest => _lock?.Role == "ingest";

    /// <summary>How many times the store's log was synced to disk since it was opened; for tests.</summary>
    internal int LogSyncs => _log?.Syncs ?? 0;

    /// <summary>The newest committed change number known to this process, or -1 before it is first read.</summary>
    internal long KnownSequence => Volatile.Read(ref _sequence);

    /// <summary>Raises the known change number to <paramref name="sequence"/> unless it is already higher; returns the known number.</summary>
    internal long RaiseSequence(long sequence)
    {
        var known = Volatile.Read(ref _sequence);
        while (sequence > known)
        {
            var seen = Interlocked.CompareExchange(ref _sequence, sequence, known);
            if (seen == known)
            {
                return sequence;
            }

            known = seen;
        }

        return known;
    }

    /// <summary>The damage met in this store's file, if any: from then on it is not read again (see <see cref="BulletinStore"/>).</summary>
    public StoreDamagedException? Damage => Volatile.Read(ref _damage);

    /// <summary>Records <paramref name="exception"/> as the store's damage when it is damage; returns that damage, or null.</summary>
    public StoreDamagedException? Damaged(Exception exception)
    {
        if (StoreDamage.Classify(exception, FilePath) is not { } damage)
        {
            return null;
        }

        var first = Interlocked.CompareExchange(ref _damage, damage, null);
        if (first is null)
        {
            // The store is not read again: the query that failed may have left its transaction open (see OpenTransactions).
            OpenTransactions.Forget(_engine);
        }

        return first ?? damage;
    }

    private StoreDamagedException? _damage;

    /// <summary>The store's file, or null for a store in memory; what lives beside the store (the
    /// search index) is named after it.</summary>
    public string? FilePath { get; }

    /// <summary>
    /// Opens the store at <paramref name="path"/> for this process alone, waiting up to
    /// <paramref name="wait"/> for another process that holds it to finish (an ask or an ingest).
    /// </summary>
    public static BulletinDatabase Open(string path, string role = "bot", TimeSpan wait = default) =>
        Open(path, lease: null, role, wait);

    /// <summary>Opens the store with a lock this process already holds (a rebuild takes it before it moves the old file).</summary>
    public static BulletinDatabase Open(string path, StoreLock lease) => Open(path, lease, lease?.Role ?? "bot", TimeSpan.Zero);

    private static BulletinDatabase Open(string path, StoreLock? lease, string role, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == StorageOptions.InMemory)
        {
            return InMemory();
        }

        StoreLock? owned = lease;
        LiteDatabase? database = null;
        LiteEngine? engine = null;
        LogFileStream? log = null;
        try
        {
            if (Directory.Exists(path))
            {
                throw new StorageException($"The store {path} is a folder. Set Storage:Path to a file in it, e.g. {System.IO.Path.Combine(path, "bulletins.db")}.");
            }

            if (FileKind.IsSpecial(path))
            {
                throw new StorageException($"{path} cannot be used as a store (it is not a regular file). Set Storage:Path to a regular file, e.g. data/bulletins.db.");
            }

            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            owned ??= Acquire(path, role, wait) ?? throw Busy(path);
            EnsureOurs(path);

            // Made here, empty, so that LiteDB finds a new store with the owner's mode rather than the umask's.
            OwnerOnlyFile.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite).Dispose();
            log = LogFileStream.Open(path);
            engine = new LiteEngine(new EngineSettings { Filename = path, LogStream = log });
            database = new LiteDatabase(engine);
            var opened = new BulletinDatabase(database, owned, System.IO.Path.GetFullPath(path)) { _engine = engine, _log = log };

            // What the open wrote (a new store's schema and collections) is on disk before anyone uses the store.
            opened.WaitDurable();
            owned = null;
            database = null;
            log = null;
            return opened;
        }
        catch (Exception exception) when (DiskSpace.IsFull(exception))
        {
            throw new StorageException(DiskSpace.FullMessage(path), exception);
        }
        catch (Exception exception) when (exception is not StorageException && HasContent(path) && StoreDamage.Classify(exception, path) is { } damage)
        {
            // A file of ours that LiteDB cannot even open is damaged; a rebuild salvages it.
            throw damage;
        }
        catch (Exception exception) when (exception is LiteException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StorageException(
                $"The store {path} cannot be opened: {OneLine(exception.Message)} Set Storage:Path to a file this user may write, or restore a backup.",
                exception);
        }
        finally
        {
            if (database is not null)
            {
                // An open that failed inside its schema transaction (a damaged file) leaves that transaction open.
                OpenTransactions.Forget(engine);
                database.Dispose();
            }

            log?.Dispose();
            owned?.Dispose();
        }
    }

    /// <summary>A file that is there and is not a LiteDB file is somebody else's: it is refused, never overwritten.</summary>
    private static void EnsureOurs(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return;
        }

        Span<byte> header = stackalloc byte[64];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            header = header[..stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false)];
        }

        if (header.Length < 59 || !header[32..59].SequenceEqual("** This is a LiteDB file **"u8))
        {
            if (HasLitePages(path))
            {
                throw new StoreDamagedException(StoreDamage.Message(path, "its header page is unreadable"));
            }

            throw new StorageException(
                $"{path} is not a BulletinBot store (it is not a LiteDB file), so it was left untouched. Set Storage:Path to another file.");
        }
    }

    private static bool HasContent(string path) => File.Exists(path) && new FileInfo(path).Length > 0;

    /// <summary>Whether pages after the first are LiteDB pages, each naming itself: a LiteDB file whose header was lost.</summary>
    private static bool HasLitePages(string path)
    {
        var page = new byte[32];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        for (uint id = 1; id <= 8 && (id + 1) * 8192L <= stream.Length; id++)
        {
            stream.Position = id * 8192L;
            stream.ReadExactly(page);
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(page) == id && page[4] is >= 2 and <= 4)
            {
                return true;
            }
        }

        return false;
    }

    private static StoreLock? Acquire(string path, string role, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            if (StoreLock.TryAcquire(path, role) is { } acquired)
            {
                return acquired;
            }

            // A bot or a chat holds its store for good: waiting for it would only delay the refusal.
            if (DateTime.UtcNow >= deadline || StoreLock.ReadOwner(path)?.Role is "bot" or "chat")
            {
                return null;
            }

            Thread.Sleep(100);
        }
    }

    private static StorageException Busy(string path)
    {
        var holder = StoreLock.ReadOwner(path);
        var who = holder is null ? "another process" : holder.Describe();
        return new StorageException(
            $"The store {path} is in use by {who}. One process at a time owns a store: stop it first, or give this one another Storage:Path.");
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.EndsWith('.') ? line : line + ".";
    }

    public static BulletinDatabase InMemory() => new(new LiteDatabase(new MemoryStream()));

    /// <summary>
    /// Creates every collection the bot uses while this thread alone has the store. LiteDB 5.0.20 lists a collection
    /// in its header, shared by every thread, before the transaction that creates it is visible to them: a thread that
    /// reads the new collection then meets an older page where its first page should be, throws "page type must be
    /// collection page" and leaves the engine unusable. On a fresh store the first writes of the ingest, the outbox
    /// and the platforms race the first reads of the others; made here, no collection is ever created under a reader.
    /// </summary>
    private void CreateCollections()
    {
        var existing = Database.GetCollectionNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = Ours.Append(Announcing.TargetStore.Collection).Append(Announcing.Outbox.Collection).Where(name => !existing.Contains(name)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // One transaction: one commit for the log writer to write and sync, not one per collection. Not through
        // InTransaction: no rollback here, as an open that fails is abandoned whole, its transaction with it.
        Database.BeginTrans();
        foreach (var name in missing)
        {
            Database.GetCollection(name).Insert(Array.Empty<BsonDocument>());
        }

        Database.Commit();
    }

    public void Dispose()
    {
        // LiteDB checkpoints its log into the data file on dispose; the lock goes only after that,
        // and also when that checkpoint fails (a full disk).
        // After a write failed (a full disk), LiteDB's close waits for its faulted writer forever, and so would a
        // finalizer: the close gets a bounded wait, and a close that does not end is reported instead of hanging
        // the shutdown. What was committed before stays in the file and its log, as the full-disk test shows.
        // A transaction of another thread is not closed with the store, and would throw from its finalizer later.
        var engine = _engine;
        OpenTransactions.Forget(engine);
        try
        {
            // On a thread of its own: a pool starved by other work (a test host running many classes at once) must not
            // delay the close past its bound and have it reported as failed.
            var closing = Task.Factory.StartNew(Database.Dispose, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (!closing.Wait(CloseWait))
            {
                Abandon(Database, _engine);
                throw new StorageException(
                    $"The store {FilePath} could not be closed within {CloseWait.TotalSeconds:N0} s: its last write failed. Free disk space and start again; nothing committed is lost.");
            }

            closing.GetAwaiter().GetResult();
            _log?.Dispose();
        }
        finally
        {
            OpenTransactions.Forget(engine);
            _lock?.Dispose();
        }
    }

    /// <summary>Keeps the finalizers of a store that would not close from hanging the finalizer thread on the same wait.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA1816", Justification = "LiteDB's own finalizers would repeat the close that hung.")]
    private static void Abandon(LiteDatabase database, LiteEngine? engine)
    {
        GC.SuppressFinalize(database);
        if (engine is not null)
        {
            GC.SuppressFinalize(engine);
        }
    }

    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Returns once everything committed so far is in the store's log on disk, so a kill cannot take it back. For the few
    /// commits the outside world acts on (a post marked sent or in flight, a platform offset), never for every write.
    /// </summary>
    public void WaitDurable(CancellationToken cancellationToken = default)
    {
        if (_engine is not null && _log is not null)
        {
            new LogDurability(_engine, _log).Wait(cancellationToken);
        }
    }

    private LiteEngine? _engine;

    /// <summary>The log LiteDB writes through (see <see cref="LogFileStream"/>); closed after LiteDB, which does not own it.</summary>
    private LogFileStream? _log;
}
