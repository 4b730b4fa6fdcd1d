using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>Writes one segment file from a <see cref="SegmentBuilder"/> that keeps stored fields: to a
/// temporary name, flushed to the disk, then renamed, so the final name only ever holds a whole file.</summary>
internal sealed class SegmentFileWriter : IDisposable
{
    private readonly FileStream stream;
    private readonly GrowableArray<byte> blob = new(4096);
    private readonly List<(long Offset, int Length)> termBlobs = [];

    private SegmentFileWriter(string path)
    {
        SegmentFormat.EnsureLittleEndian();
        stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(new byte[SegmentFormat.HeaderLength]);
    }

    /// <summary>Builds the segment (a merge fills each term through <paramref name="fillTerm"/>) straight
    /// into the file at <paramref name="path"/>, term by term, and returns the file's length.</summary>
    public static long Write(string path, SegmentBuilder builder, Action<int>? fillTerm)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.KeepsStored)
        {
            throw new ArgumentException("A segment file needs a builder that keeps stored fields.", nameof(builder));
        }

        var temporary = path + ".tmp";
        long length;
        using (var writer = new SegmentFileWriter(temporary))
        {
            var skeleton = builder.Build(fillTerm, out var newOf, writer.WriteTerm);
            length = writer.Finish(skeleton, newOf, builder);
        }

        File.Move(temporary, path, overwrite: true);
        return length;
    }

    public void Dispose() => stream.Dispose();

    private void WriteTerm(int ordinal, TermPostings postings)
    {
        blob.Clear();
        VarInt.Write(blob, postings.BlockCount);
        blob.AddRange(MemoryMarshal.AsBytes(postings.BlockLastDoc.AsSpan()));
        blob.AddRange(MemoryMarshal.AsBytes(postings.BlockDataOffset.AsSpan()));
        blob.AddRange(MemoryMarshal.AsBytes(postings.BlockPositionOffset.AsSpan()));
        blob.AddRange(MemoryMarshal.AsBytes(postings.BlockMaxWeight.AsSpan()));
        PutInt(blob, postings.Data.Length);
        blob.AddRange(postings.Data.Span);
        PutInt(blob, postings.Positions.Length);
        var lengthAt = blob.Count;
        PutInt(blob, 0);
        PositionsCodec.Encode(postings.Positions, blob);
        BinaryPrimitives.WriteInt32LittleEndian(blob.Items.AsSpan(lengthAt), blob.Count - lengthAt - 4);
        blob.Add(postings.DocBits is null ? (byte)0 : (byte)1);
        if (postings.DocBits is { } bits)
        {
            PutInt(blob, bits.Length);
            blob.AddRange(MemoryMarshal.AsBytes(bits.AsSpan()));
        }

        termBlobs.Add((stream.Position, blob.Count));
        WriteChecked(blob.AsSpan());
    }

    private long Finish(Segment skeleton, int[] newOf, SegmentBuilder builder)
    {
        var count = skeleton.Count;
        var oldOf = new int[count];
        for (var i = 0; i < count; i++)
        {
            oldOf[newOf[i]] = i;
        }

        // Stored fields in the final document order, a block at a time; a merge copies its sources'
        // blocks, one per document, as they are.
        var blockOffsets = new List<long>();
        var records = new GrowableArray<byte>(16 * 1024);
        for (var doc = 0; doc < count && builder.CompressedStoredSource is { } compressed; doc++)
        {
            blockOffsets.Add(stream.Position);
            WriteChecked(compressed(oldOf[doc]));
        }

        for (var first = 0; first < count && builder.CompressedStoredSource is null; first += StoredFields.BlockSize)
        {
            records.Clear();
            for (var doc = first; doc < Math.Min(count, first + StoredFields.BlockSize); doc++)
            {
                var record = builder.StoredRecord(oldOf[doc]);
                VarInt.Write(records, record.Length);
                records.AddRange(record);
            }

            blockOffsets.Add(stream.Position);
            WriteChecked(StoredFields.CompressBlock(records.AsSpan()));
        }

        blockOffsets.Add(stream.Position);
        var forwardOffset = stream.Position;
        WriteChecked(skeleton.Forward!);

        var meta = new GrowableArray<byte>(1 << 16);
        skeleton.Ids.WriteTo(meta);

        meta.AddRange(MemoryMarshal.AsBytes(skeleton.Days.AsSpan()));
        meta.AddRange(MemoryMarshal.AsBytes(skeleton.TitleLengths.AsSpan()));
        meta.AddRange(MemoryMarshal.AsBytes(skeleton.BodyLengths.AsSpan()));
        PutLong(meta, skeleton.TitleLengthSum);
        PutLong(meta, skeleton.BodyLengthSum);
        meta.AddRange(MemoryMarshal.AsBytes(skeleton.ForwardStart.AsSpan()));
        PutLong(meta, forwardOffset);
        SortedTermDictionary.Write(skeleton.Terms, meta);
        meta.AddRange(MemoryMarshal.AsBytes(skeleton.DocFreqs.AsSpan()));
        foreach (var (offset, _) in termBlobs)
        {
            PutLong(meta, offset);
        }

        foreach (var (_, blobLength) in termBlobs)
        {
            PutInt(meta, blobLength);
        }

        foreach (var offset in blockOffsets)
        {
            PutLong(meta, offset);
        }

        var metaOffset = stream.Position;
        stream.Write(meta.AsSpan());
        var length = stream.Position;

        Span<byte> header = stackalloc byte[SegmentFormat.HeaderLength];
        header.Clear();
        SegmentFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[SegmentFormat.VersionAt..], SegmentFormat.Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[SegmentFormat.DocumentsAt..], count);
        BinaryPrimitives.WriteInt32LittleEndian(header[SegmentFormat.TermsAt..], skeleton.Terms.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[SegmentFormat.StoredBlocksAt..], blockOffsets.Count - 1);
        BinaryPrimitives.WriteInt64LittleEndian(header[SegmentFormat.FileLengthAt..], length);
        BinaryPrimitives.WriteInt64LittleEndian(header[SegmentFormat.MetaOffsetAt..], metaOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header[SegmentFormat.MetaLengthAt..], meta.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(header[SegmentFormat.MetaHashAt..], XxHash64.HashToUInt64(meta.AsSpan()));
        BinaryPrimitives.WriteUInt32LittleEndian(header[SegmentFormat.HeaderChecksumAt..], Crc32.HashToUInt32(header[..SegmentFormat.HeaderChecksumAt]));
        stream.Position = 0;
        stream.Write(header);
        stream.Flush(flushToDisk: true);
        return length;
    }

    private void WriteChecked(ReadOnlySpan<byte> data)
    {
        stream.Write(data);
        Span<byte> crc = stackalloc byte[SegmentFormat.ChecksumLength];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(data));
        stream.Write(crc);
    }

    private static void PutInt(GrowableArray<byte> output, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(output.Append(4), value);

    private static void PutLong(GrowableArray<byte> output, long value) =>
        BinaryPrimitives.WriteInt64LittleEndian(output.Append(8), value);
}
