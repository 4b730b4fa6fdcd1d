using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Index;
using Microsoft.Win32.SafeHandles;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// An open segment file (<see cref="SegmentFormat"/>). Opening reads the header and the meta section
/// (ids, days, field lengths, the term dictionary) and checks both, then maps the file into memory.
/// A term's postings are read in place from the map (<see cref="SegmentMap"/>), their CRC-32 checked
/// the first time they are read and not again; stored fields and the forward index are read with
/// positioned reads, each checked by its own CRC-32. So memory grows with what queries touch rather
/// than with the archive, and a frequent word costs no copy each time it is read again. Reads are
/// thread-safe.
/// </summary>
internal sealed class SegmentFile : IDisposable
{
    private readonly SafeFileHandle handle;
    private SegmentMap? map;

    // One bit per term: its postings have passed their checksum once, which holds while the file is open.
    private ulong[] verified = [];
    private long[] termOffsets = [];
    private int[] termLengths = [];
    private long[] blockOffsets = [];
    private long forwardOffset;
    private int forwardLength;
    private int references = 1;

    private SegmentFile(SafeFileHandle handle, string path)
    {
        this.handle = handle;
        Path = path;
        Name = System.IO.Path.GetFileName(path);
    }

    public string Path { get; }

    public string Name { get; }

    public long Length { get; private set; }

    /// <summary>Set once the segment has been merged away: its file goes when the last reader lets go.</summary>
    public bool Obsolete { get; set; }

    /// <summary>Opens the file and returns its segment; <see cref="IndexCorruptException"/> when the
    /// file is short, of another version, or fails a checksum.</summary>
    public static Segment Open(string path)
    {
        SegmentFormat.EnsureLittleEndian();
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
        }
        catch (FileNotFoundException exception)
        {
            throw new IndexCorruptException($"segment {System.IO.Path.GetFileName(path)} is missing", exception);
        }

        var file = new SegmentFile(handle, path);
        try
        {
            return file.ReadMeta();
        }
        catch (Exception exception) when (exception is ArgumentException or IndexOutOfRangeException or OverflowException or DecoderFallbackException)
        {
            file.Dispose();
            throw new IndexCorruptException($"segment {file.Name} is malformed", exception);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Another holder of the file (a snapshot that lists it).</summary>
    public void Retain() => Interlocked.Increment(ref references);

    /// <summary>Lets go of the file; the last holder of an obsolete one closes and deletes it.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref references) == 0)
        {
            Dispose();
            if (Obsolete)
            {
                TryDelete(Path);
            }
        }
    }

    public void Dispose()
    {
        if (map is not null)
        {
            PostingsCache.Shared.ForgetIndexBytes(map.Length);
            map.Dispose();
        }

        handle.Dispose();
    }

    public TermPostings ReadPostings(int ordinal)
    {
        var start = termOffsets[ordinal];
        var length = termLengths[ordinal];
        if (start < SegmentFormat.HeaderLength || length < 0 || start + length + SegmentFormat.ChecksumLength > Length)
        {
            throw new IndexCorruptException($"segment {Name}: postings out of range");
        }

        var mapped = map!;
        var span = mapped.Span(start, length);
        var bit = 1UL << ordinal;
        if ((Volatile.Read(ref verified[ordinal >> 6]) & bit) == 0)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(mapped.Span(start + length, SegmentFormat.ChecksumLength)) != Crc32.HashToUInt32(span))
            {
                throw new IndexCorruptException($"segment {Name}: postings fail their checksum");
            }

            Interlocked.Or(ref verified[ordinal >> 6], bit);
        }

        try
        {
            var offset = 0;
            var blocks = VarInt.Read(span, ref offset);
            var lastDoc = FixedArray.Read<int>(span, ref offset, blocks);
            var dataOffset = FixedArray.Read<int>(span, ref offset, blocks);
            var positionOffset = FixedArray.Read<int>(span, ref offset, blocks);
            var maxWeight = FixedArray.Read<float>(span, ref offset, blocks);
            // Each region must lie within the term's checked blob (the slice throws if not), not merely within the file.
            var dataLength = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
            _ = span.Slice(offset + 4, dataLength);
            var postingData = mapped.Memory(start + offset + 4, dataLength);
            offset += 4 + dataLength;
            var positionCount = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
            var positionBytes = BinaryPrimitives.ReadInt32LittleEndian(span[(offset + 4)..]);
            _ = span.Slice(offset + 8, positionBytes);
            var positions = mapped.Memory(start + offset + 8, positionBytes);
            offset += 8 + positionBytes;
            ulong[]? bits = null;
            if (span[offset++] == 1)
            {
                var words = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
                bits = MemoryMarshal.Cast<byte, ulong>(span.Slice(offset + 4, words * 8)).ToArray();
            }

            return new TermPostings
            {
                DocFreq = docFreqs![ordinal],
                BlockLastDoc = lastDoc,
                BlockDataOffset = dataOffset,
                BlockPositionOffset = positionOffset,
                BlockMaxWeight = maxWeight,
                Data = postingData,
                EncodedPositions = (positions, positionCount, $"segment {Name}: term {ordinal}"),
                DocBits = bits,
                Mapped = true,
            };
        }
        catch (Exception exception) when (exception is ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new IndexCorruptException($"segment {Name}: postings of term {ordinal} are malformed", exception);
        }
    }

    public Bulletin ReadStored(int doc)
    {
        var records = ReadStoredBlock(doc / StoredFields.BlockSize);
        return StoredFields.Decode(StoredFields.RecordOf(records, doc % StoredFields.BlockSize));
    }

    /// <summary>A document's stored block as the file holds it, checked, for a merge to copy.</summary>
    public byte[] ReadCompressedStored(int doc)
    {
        var start = blockOffsets[doc];
        return ReadChecked(start, (int)(blockOffsets[doc + 1] - start - SegmentFormat.ChecksumLength), "stored fields");
    }

    /// <summary>The whole forward index, checked; a merge reads it once.</summary>
    public byte[] ReadForwardSection() => ReadChecked(forwardOffset, forwardLength, "forward index");

    /// <summary>Part of the forward index, unchecked (a deletion reads one document's terms; the
    /// ordinals are bounds-checked as they are read).</summary>
    public ReadOnlySpan<byte> ReadForward(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > forwardLength)
        {
            throw new IndexCorruptException($"segment {Name}: forward index entry out of range");
        }

        var buffer = new byte[length];
        ReadExactly(buffer, forwardOffset + start);
        return buffer;
    }

    internal byte[] ReadStoredBlock(int block)
    {
        var start = blockOffsets[block];
        var length = (int)(blockOffsets[block + 1] - start - SegmentFormat.ChecksumLength);
        var data = ReadCheckedWithCrc(start, length, "stored fields");
        return StoredFields.DecompressBlock(data.AsSpan(0, length), Name);
    }

    private int[]? docFreqs;

    // A cold start reads every id and term here: optimised at once rather than tiered.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Segment ReadMeta()
    {
        Length = RandomAccess.GetLength(handle);
        var header = new byte[SegmentFormat.HeaderLength];
        if (Length < header.Length)
        {
            throw new IndexCorruptException($"segment {Name} is truncated ({Length} bytes)");
        }

        ReadExactly(header, 0);
        var span = header.AsSpan();
        if (!span[..SegmentFormat.Magic.Length].SequenceEqual(SegmentFormat.Magic) || BinaryPrimitives.ReadUInt32LittleEndian(span[SegmentFormat.HeaderChecksumAt..]) != Crc32.HashToUInt32(span[..SegmentFormat.HeaderChecksumAt]))
        {
            throw new IndexCorruptException($"segment {Name} has a damaged header");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(span[SegmentFormat.VersionAt..]);
        if (version != SegmentFormat.Version)
        {
            throw new IndexCorruptException($"segment {Name} is of format {version}; this build reads {SegmentFormat.Version}");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(span[SegmentFormat.DocumentsAt..]);
        var termCount = BinaryPrimitives.ReadInt32LittleEndian(span[SegmentFormat.TermsAt..]);
        var blockCount = BinaryPrimitives.ReadInt32LittleEndian(span[SegmentFormat.StoredBlocksAt..]);
        var declared = BinaryPrimitives.ReadInt64LittleEndian(span[SegmentFormat.FileLengthAt..]);
        var metaOffset = BinaryPrimitives.ReadInt64LittleEndian(span[SegmentFormat.MetaOffsetAt..]);
        var metaLength = BinaryPrimitives.ReadInt64LittleEndian(span[SegmentFormat.MetaLengthAt..]);
        if (declared != Length || metaOffset + metaLength != Length || metaLength > int.MaxValue)
        {
            throw new IndexCorruptException($"segment {Name} is truncated or extended ({Length} bytes, {declared} declared)");
        }

        var meta = new byte[metaLength];
        ReadExactly(meta, metaOffset);
        if (XxHash64.HashToUInt64(meta) != BinaryPrimitives.ReadUInt64LittleEndian(span[SegmentFormat.MetaHashAt..]))
        {
            throw new IndexCorruptException($"segment {Name} fails its checksum");
        }

        var m = meta.AsSpan();
        var offset = 0;
        var ids = IdColumn.Read(m, ref offset, count, $"segment {Name}");

        var days = FixedArray.Read<int>(m, ref offset, count);
        var titleLengths = FixedArray.Read<ushort>(m, ref offset, count);
        var bodyLengths = FixedArray.Read<ushort>(m, ref offset, count);
        var titleSum = BinaryPrimitives.ReadInt64LittleEndian(m[offset..]);
        var bodySum = BinaryPrimitives.ReadInt64LittleEndian(m[(offset + 8)..]);
        offset += 16;
        var forwardStart = FixedArray.Read<int>(m, ref offset, count + 1);
        forwardOffset = BinaryPrimitives.ReadInt64LittleEndian(m[offset..]);
        offset += 8;
        forwardLength = forwardStart[count];
        var terms = SortedTermDictionary.Read(m, ref offset, termCount, $"segment {Name}");
        docFreqs = FixedArray.Read<int>(m, ref offset, termCount);
        termOffsets = FixedArray.Read<long>(m, ref offset, termCount);
        termLengths = FixedArray.Read<int>(m, ref offset, termCount);
        blockOffsets = new long[blockCount + 1];
        for (var b = 0; b <= blockCount; b++)
        {
            blockOffsets[b] = BinaryPrimitives.ReadInt64LittleEndian(m[offset..]);
            offset += 8;
        }

        verified = new ulong[(termCount + 63) / 64];
        map = SegmentMap.Open(handle, Length);
        PostingsCache.Shared.AddIndexBytes(Length);
        return new Segment(new TermPostings?[termCount])
        {
            Ids = ids,
            Days = days,
            TitleLengths = titleLengths,
            BodyLengths = bodyLengths,
            Terms = terms,
            DocFreqs = docFreqs,
            ForwardStart = forwardStart,
            TitleLengthSum = titleSum,
            BodyLengthSum = bodySum,
            File = this,
        };
    }

    private byte[] ReadChecked(long offset, int length, string what) => ReadCheckedWithCrc(offset, length, what)[..length];

    // The bytes and their CRC-32 after them, checked.
    private byte[] ReadCheckedWithCrc(long offset, int length, string what)
    {
        if (offset < SegmentFormat.HeaderLength || length < 0 || offset + length + SegmentFormat.ChecksumLength > Length)
        {
            throw new IndexCorruptException($"segment {Name}: {what} out of range");
        }

        var buffer = new byte[length + SegmentFormat.ChecksumLength];
        ReadExactly(buffer, offset);
        var data = buffer.AsSpan(0, length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(length)) != Crc32.HashToUInt32(data))
        {
            throw new IndexCorruptException($"segment {Name}: {what} fail their checksum");
        }

        return buffer;
    }

    private void ReadExactly(Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new IndexCorruptException($"segment {Name} ends early");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next open removes files the manifest does not list.
        }
    }
}
