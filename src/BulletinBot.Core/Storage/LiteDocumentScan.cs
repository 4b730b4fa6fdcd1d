using System.Buffers.Binary;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>One document read from a data page: its collection's name when the header still says it, and its page.</summary>
internal sealed record ScannedDocument(string? Collection, uint CollectionPage, BsonDocument Document, bool Fallback);

/// <summary>
/// Reads every document of a LiteDB 5 file from its data pages, without LiteDB's engine: each data page's slot table
/// gives its blocks, a first block and the blocks it chains to give a document's BSON, which LiteDB's serializer decodes.
/// A page, block or document that does not make sense is counted and skipped; nothing here throws.
/// </summary>
internal sealed class LiteDocumentScan(LitePageFile file)
{
    private const byte DataPage = 4;
    private const byte HeaderPage = 1;
    private const int SlotSize = 4;
    private const int BlockHeader = 6;
    private const int CollectionsAt = 192;
    private const int CollectionsSize = 8000;
    private const int LastPageAt = 64;

    private static readonly byte[] Signature = "** This is a LiteDB file **"u8.ToArray();

    private Dictionary<uint, string>? _names;

    // Pages whose header or slot table is damaged, with how many of their documents could not be read.
    private readonly Dictionary<uint, int> _unclean = [];

    /// <summary>Documents whose blocks or BSON could not be read (in the newest version of their page).</summary>
    public int UnreadableDocuments { get; private set; }

    /// <summary>Pages whose header is not the page it should be (zeroed, overwritten), or that the file lost (cut short).</summary>
    public int UnreadablePages { get; private set; }

    /// <summary>Whether the header page, with the names of the collections, could be read.</summary>
    public bool NamesKnown => Names.Count > 0;

    /// <summary>The collections' names by the page id of each collection, from the newest readable header page.</summary>
    public IReadOnlyDictionary<uint, string> Names => _names ??= ReadNames();

    /// <summary>
    /// Every document, the newest version of each page first; then, marked as fallbacks, those only older versions of a
    /// page still hold (a damaged log page over a good page of the file). A caller keeps the first of each id.
    /// </summary>
    public IEnumerable<ScannedDocument> Documents()
    {
        var ids = file.PageIds.ToList();
        var layered = new List<uint>();
        foreach (var id in ids)
        {
            var versions = file.Versions(id).Take(2).ToList();
            if (versions.Count == 0)
            {
                UnreadablePages++;
                continue;
            }

            if (versions.Count > 1)
            {
                layered.Add(id);
            }

            foreach (var document in Read(id, versions[0], count: true))
            {
                yield return document;
            }
        }

        UnreadablePages += MissingPages(ids.Count) + (ids.Count == 0 || file.Versions(0).Any(IsHeader) ? 0 : 1);
        foreach (var id in layered)
        {
            foreach (var older in file.Versions(id).Skip(1))
            {
                foreach (var document in Read(id, older, count: false))
                {
                    yield return document with { Fallback = true };
                }
            }
        }

        // Last, the pages whose header or slot table is damaged, and a page cut short, are searched byte by byte.
        foreach (var (id, failures) in _unclean)
        {
            var recovered = 0;
            foreach (var document in Carve(file.Newest(id) ?? [], id))
            {
                recovered++;
                yield return document;
            }

            UnreadableDocuments -= Math.Min(failures, recovered);
        }

        foreach (var document in Carve(file.TornTail, null))
        {
            yield return document;
        }
    }

    /// <summary>
    /// Documents found without the slot table: at every offset where a BSON length is followed, that many bytes later,
    /// by the document's closing zero, the bytes are decoded. What is found is only as trusted as its content's own
    /// checks (an item's hash), and counts as a fallback.
    /// </summary>
    private IEnumerable<ScannedDocument> Carve(byte[] page, uint? id)
    {
        string? name = null;
        var collection = uint.MaxValue;
        if (id is { } pageId && page.Length == LitePageFile.PageSize && BinaryPrimitives.ReadUInt32LittleEndian(page) == pageId)
        {
            collection = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(LitePageFile.CollectionAt));
            name = Names.GetValueOrDefault(collection);
        }

        var start = page.Length == LitePageFile.PageSize ? LitePageFile.HeaderSize : 0;
        for (var at = start; at + 5 <= page.Length; at++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(page.AsSpan(at));
            // Compared as a difference: a flipped length near int.MaxValue would overflow "at + length" into a negative.
            if (length < 5 || length > page.Length - at || !BsonShape.IsDocument(page.AsSpan(at, length)))
            {
                continue;
            }

            if (TryDeserialize(page.AsSpan(at, length).ToArray()) is { } document)
            {
                yield return new ScannedDocument(name, collection, document, Fallback: true);
                at += length - 1;
            }
        }
    }

    private IEnumerable<ScannedDocument> Read(uint id, byte[] page, bool count)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(page) != id || page[LitePageFile.PageTypeAt] > 4)
        {
            if (count)
            {
                UnreadablePages++;
                _unclean.TryAdd(id, 0);
            }

            yield break;
        }

        if (page[LitePageFile.PageTypeAt] != DataPage)
        {
            yield break;
        }

        var collection = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(LitePageFile.CollectionAt));
        var name = Names.GetValueOrDefault(collection);
        var highest = page[LitePageFile.HighestIndexAt];
        if (highest == byte.MaxValue)
        {
            yield break;
        }

        for (var slot = 0; slot <= highest; slot++)
        {
            var (position, length) = Slot(page, slot);
            if (position == 0 && length == 0)
            {
                continue;
            }

            if (!ValidSegment(position, length, highest) || page[position] > 1)
            {
                Failed(id, count);
                continue;
            }

            // An extending block belongs to a document whose first block is elsewhere.
            if (page[position] == 1)
            {
                continue;
            }

            if (Decode(page, position, length, collection) is { } document)
            {
                yield return new ScannedDocument(name, collection, document, Fallback: false);
            }
            else
            {
                Failed(id, count);
            }
        }
    }

    private void Failed(uint page, bool count)
    {
        if (count)
        {
            UnreadableDocuments++;
            _unclean[page] = _unclean.GetValueOrDefault(page) + 1;
        }
    }

    private BsonDocument? Decode(byte[] page, int position, int length, uint collection)
    {
        using var bytes = new MemoryStream();
        bytes.Write(page, position + BlockHeader, length - BlockHeader);
        var next = NextBlock(page, position);
        var visited = new HashSet<(uint, byte)>();
        while (next is var (nextPage, nextSlot))
        {
            if (!visited.Add((nextPage, nextSlot)) || bytes.Length > 16 * 1024 * 1024)
            {
                return null;
            }

            var other = file.Newest(nextPage);
            if (other is null
                || BinaryPrimitives.ReadUInt32LittleEndian(other) != nextPage
                || other[LitePageFile.PageTypeAt] != DataPage
                || BinaryPrimitives.ReadUInt32LittleEndian(other.AsSpan(LitePageFile.CollectionAt)) != collection
                || other[LitePageFile.HighestIndexAt] is var highest && (highest == byte.MaxValue || nextSlot > highest))
            {
                return null;
            }

            var (at, size) = Slot(other, nextSlot);
            if (!ValidSegment(at, size, other[LitePageFile.HighestIndexAt]) || other[at] != 1)
            {
                return null;
            }

            bytes.Write(other, at + BlockHeader, size - BlockHeader);
            next = NextBlock(other, at);
        }

        var buffer = bytes.ToArray();

        // A document's blocks hold its BSON and nothing more: the length it starts with must be all of them.
        if (buffer.Length < 5 || BinaryPrimitives.ReadInt32LittleEndian(buffer) != buffer.Length || buffer[^1] != 0)
        {
            return null;
        }

        return TryDeserialize(buffer);
    }

    private static BsonDocument? TryDeserialize(byte[] buffer)
    {
        try
        {
            return BsonSerializer.Deserialize(buffer, utcDate: true);
        }
#pragma warning disable CA1031 // Whatever damaged bytes make the decoder throw, that document is skipped and counted.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static (int Position, int Length) Slot(byte[] page, int slot)
    {
        var at = LitePageFile.PageSize - ((slot + 1) * SlotSize);
        return (BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(at + 2)), BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(at)));
    }

    private static bool ValidSegment(int position, int length, byte highest) =>
        position >= LitePageFile.HeaderSize
        && length > BlockHeader
        && position + length <= LitePageFile.PageSize - ((highest + 1) * SlotSize);

    private static (uint Page, byte Slot)? NextBlock(byte[] page, int position)
    {
        var id = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(position + 1));
        return id == uint.MaxValue ? null : (id, page[position + 5]);
    }

    /// <summary>Pages the header says the file has, past those it still holds (a file cut short).</summary>
    private int MissingPages(int present)
    {
        foreach (var header in file.Versions(0))
        {
            if (IsHeader(header))
            {
                var last = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(LastPageAt));
                return last < int.MaxValue ? Math.Max(0, (int)last + 1 - present) : 0;
            }
        }

        return 0;
    }

    private Dictionary<uint, string> ReadNames()
    {
        foreach (var header in file.Versions(0))
        {
            if (!IsHeader(header))
            {
                continue;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(CollectionsAt));
            if (length < 5 || length > CollectionsSize)
            {
                continue;
            }

            try
            {
                var collections = BsonSerializer.Deserialize(header.AsSpan(CollectionsAt, length).ToArray(), utcDate: true);
                var names = new Dictionary<uint, string>();
                foreach (var (name, page) in collections)
                {
                    if (page.IsInt32 || page.IsInt64)
                    {
                        names[(uint)page.AsInt64] = name;
                    }
                }

                return names;
            }
#pragma warning disable CA1031 // A damaged header is read no further; documents are then placed by their shape.
            catch (Exception)
#pragma warning restore CA1031
            {
                continue;
            }
        }

        return [];
    }

    private static bool IsHeader(byte[] page) =>
        BinaryPrimitives.ReadUInt32LittleEndian(page) == 0
        && page[LitePageFile.PageTypeAt] == HeaderPage
        && page.AsSpan(32, Signature.Length).SequenceEqual(Signature);
}
