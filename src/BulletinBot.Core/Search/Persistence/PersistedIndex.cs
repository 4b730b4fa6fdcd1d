using System.Diagnostics;
using System.Globalization;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Search.Persistence;

/// <summary>How this process came by its search index.</summary>
public enum IndexOrigin
{
    /// <summary>No search yet.</summary>
    None,

    /// <summary>Built in memory: the store is in memory too.</summary>
    InMemory,

    /// <summary>Opened from the segment files beside the store.</summary>
    Opened,

    /// <summary>Rebuilt from the store: there was no index beside it, or it could not be trusted.</summary>
    Rebuilt,
}

/// <summary>
/// The index in its folder beside the store ("&lt;store&gt;.index"): immutable segment files and a
/// manifest that lists them with the last change of the store they hold. Only the process that holds
/// the store's lock opens a store, and so only it writes here; every file is written under a temporary
/// name and renamed into place, and the manifest last, so a crash leaves the previous whole state.
/// </summary>
internal sealed partial class PersistedIndex : IDisposable
{
    /// <summary>Documents per chunk when the index is rebuilt (bounding the raw postings held at once);
    /// the chunks are then joined into one segment.</summary>
    internal const int RebuildChunk = 50_000;

    private const string SegmentExtension = ".bbs";

    private readonly string folder;
    private readonly string storeIdentity;
    private readonly ILogger logger;
    private readonly Lock manifestLock = new();
    private int nextSegment;

    private PersistedIndex(string folder, string storeIdentity, ILogger logger, SearchIndex index, long sequence, int nextSegment, IndexOrigin origin)
    {
        this.folder = folder;
        this.storeIdentity = storeIdentity;
        this.logger = logger;
        this.nextSegment = nextSegment;
        Index = index;
        Sequence = sequence;
        Origin = origin;
        merges = new MergeLoop(this);
    }

    public SearchIndex Index { get; }

    /// <summary>The last change of the store the index holds.</summary>
    public long Sequence { get; private set; }

    public IndexOrigin Origin { get; }

    public static string FolderOf(string storePath) => new StoreFiles(storePath).IndexFolder;

    /// <summary>Opens the index beside the store, or rebuilds it from the store when it is missing,
    /// damaged, of another store or ahead of this one, saying why in one log line.</summary>
    public static PersistedIndex OpenOrRebuild(string folder, IBulletinStore store, ILogger logger, int rebuildChunk = RebuildChunk)
    {
        var identity = store.Identity();
        string reason;
        try
        {
            var manifest = IndexManifest.Read(folder);
            if (manifest is null)
            {
                logger.LogInformation("Search index: none in {Folder} yet; building it from the store", folder);
                return Rebuild(folder, store, identity, logger, rebuildChunk);
            }

            if (manifest.StoreIdentity != identity)
            {
                reason = "it was built for another store";
            }
            else if (manifest.Sequence > store.LastSequence())
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"it holds change {manifest.Sequence} and the store ends at {store.LastSequence()}");
            }
            else
            {
                var stopwatch = Stopwatch.StartNew();
                var index = SearchIndex.Open(OpenSegments(folder, manifest));
                RemoveStrays(folder, manifest.Segments.Select(s => s.Name));
                logger.LogInformation(
                    "Search index opened: {Count} items in {Segments} segments, up to change {Sequence}, in {Elapsed} ms",
                    index.Count, index.SegmentCount, manifest.Sequence, stopwatch.ElapsedMilliseconds);
                return new PersistedIndex(folder, identity, logger, index, manifest.Sequence, manifest.NextSegment, IndexOrigin.Opened);
            }
        }
        catch (Exception exception) when (exception is IndexCorruptException or IOException or UnauthorizedAccessException)
        {
            reason = exception.Message;
        }

        logger.LogWarning("Search index in {Folder} is not usable ({Reason}); rebuilding it from the store", folder, reason);
        return Rebuild(folder, store, identity, logger, rebuildChunk);
    }

    /// <summary>Adds the changes as one new segment file and records them in the manifest.</summary>
    public void Apply(IReadOnlyList<StoredChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // An item changed twice in the batch: its last version only.
        var latest = new Dictionary<string, Bulletin>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            latest[change.Bulletin.Id] = change.Bulletin;
        }

        var builder = new SegmentBuilder(keepStored: true);
        foreach (var bulletin in latest.Values)
        {
            builder.Add(bulletin);
        }

        var segment = WriteSegment(builder, null);
        lock (manifestLock)
        {
            Index.Add(segment);
            Sequence = changes[^1].Sequence;
            WriteManifest();
        }

        merges.Poke();
    }

    public void Dispose()
    {
        merges.Dispose();
        Index.Dispose();
    }

    private static PersistedIndex Rebuild(string folder, IBulletinStore store, string identity, ILogger logger, int chunk)
    {
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        SegmentFile.TryDelete(Path.Combine(folder, IndexManifest.FileName));
        RemoveStrays(folder, []);

        // The sequence is read before the items: a change stored meanwhile is applied again by the
        // catch-up, which is harmless, rather than missed.
        var sequence = store.LastSequence();
        var segments = new List<Segment>();
        var next = 1;
        var builder = new SegmentBuilder(keepStored: true);
        foreach (var bulletin in store.All())
        {
            builder.Add(bulletin);
            if (builder.DocumentCount == chunk)
            {
                segments.Add(WriteSegment(folder, next++, builder, null));
                builder = new SegmentBuilder(keepStored: true);
            }
        }

        if (builder.DocumentCount > 0)
        {
            segments.Add(WriteSegment(folder, next++, builder, null));
        }

        if (segments.Count > 1)
        {
            segments = [JoinChunks(folder, next++, segments)];
        }

        var index = SearchIndex.Open(segments);
        var persisted = new PersistedIndex(folder, identity, logger, index, sequence, next, IndexOrigin.Rebuilt);
        lock (persisted.manifestLock)
        {
            persisted.WriteManifest();
        }

        logger.LogInformation("Search index built: {Count} items in {Elapsed} ms", index.Count, stopwatch.ElapsedMilliseconds);
        persisted.merges.Poke();
        return persisted;
    }

    /// <summary>
    /// The chunks of a rebuild as one segment, written term by term from their files (so the peak is
    /// one chunk's raw postings, not the archive's); the chunk files are deleted. One segment answers
    /// faster than several and opens with one term dictionary.
    /// </summary>
    private static Segment JoinChunks(string folder, int number, List<Segment> chunks)
    {
        var (builder, fillTerm) = SegmentMerger.Prepare(chunks.ConvertAll(SegmentState.Of), keepStored: true);
        var joined = WriteSegment(folder, number, builder, fillTerm);
        foreach (var chunk in chunks)
        {
            chunk.File!.Obsolete = true;
            chunk.File.Release();
        }

        return joined;
    }

    private Segment WriteSegment(SegmentBuilder builder, Action<int>? fillTerm) =>
        WriteSegment(folder, Interlocked.Increment(ref nextSegment) - 1, builder, fillTerm);

    private static Segment WriteSegment(string folder, int number, SegmentBuilder builder, Action<int>? fillTerm)
    {
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"seg-{number:D6}{SegmentExtension}"));
        SegmentFileWriter.Write(path, builder, fillTerm);
        return SegmentFile.Open(path);
    }

    /// <summary>Lists the index's current segments; called with <see cref="manifestLock"/> held, so the
    /// manifests of a catch-up and of a merge are written one after the other.</summary>
    private void WriteManifest()
    {
        var snapshot = Index.Acquire();
        try
        {
            var segments = snapshot.Segments.Select(s => new ManifestSegment(s.Segment.File!.Name, s.Segment.File.Length)).ToList();
            new IndexManifest(storeIdentity, Sequence, Volatile.Read(ref nextSegment), segments).Write(folder);
        }
        finally
        {
            snapshot.Release();
        }
    }

    private static List<Segment> OpenSegments(string folder, IndexManifest manifest)
    {
        var segments = new List<Segment>();
        try
        {
            foreach (var entry in manifest.Segments)
            {
                var segment = SegmentFile.Open(Path.Combine(folder, entry.Name));
                segments.Add(segment);
                if (segment.File!.Length != entry.Length)
                {
                    throw new IndexCorruptException($"segment {entry.Name} is {segment.File.Length} bytes; the manifest says {entry.Length}");
                }
            }

            return segments;
        }
        catch
        {
            segments.ForEach(s => s.File!.Dispose());
            throw;
        }
    }

    /// <summary>Removes what a crash or an earlier index left: temporary files and segments the manifest does not list.</summary>
    private static void RemoveStrays(string folder, IEnumerable<string> keep)
    {
        var kept = keep.ToHashSet(StringComparer.Ordinal);
        kept.Add(IndexManifest.FileName);
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            if (!kept.Contains(Path.GetFileName(path)))
            {
                SegmentFile.TryDelete(path);
            }
        }
    }
}
