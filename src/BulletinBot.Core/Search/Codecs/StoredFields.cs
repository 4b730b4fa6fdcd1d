using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// The bulletin as a segment stores it, so that a page of results needs no read from the store:
/// id, source, title, paragraphs, date, end date, link, origin (the item's configured source). One record per document: strings as
/// varint(UTF-8 length) + bytes, the paragraph count as a varint, days as int32 (int.MinValue for none),
/// the link and the origin each after a 0/1 byte. Each record is a block of its own, compressed with Brotli
/// (<see cref="BlockSize"/> is 1): a page of results reads ten documents from ten places, and
/// decompressing a group of 16 for each cost 8 times as much as one (measured with the bench's
/// <c>profile-page</c>: 127 against 16 µs a hit at 10k items, for a quarter more bytes). Quality 1:
/// one record compresses 4 % worse than at 5 and decompresses as fast, and a rebuild writes 100,000
/// of them. A merge copies the blocks as they are (<see cref="SegmentBuilder.CompressedStoredSource"/>),
/// which only one document a block allows.
/// </summary>
internal static class StoredFields
{
    public const int BlockSize = 1;

    private const int NoDay = int.MinValue;
    private const int Quality = 1;
    private const int Window = 22;

    public static void Encode(Bulletin bulletin, GrowableArray<byte> output)
    {
        WriteString(output, bulletin.Id);
        WriteString(output, bulletin.Source);
        WriteString(output, bulletin.Title);
        VarInt.Write(output, bulletin.Paragraphs.Count);
        foreach (var paragraph in bulletin.Paragraphs)
        {
            WriteString(output, paragraph);
        }

        WriteInt(output, bulletin.Date?.DayNumber ?? NoDay);
        WriteInt(output, bulletin.EndDate?.DayNumber ?? NoDay);
        output.Add(bulletin.Link is null ? (byte)0 : (byte)1);
        if (bulletin.Link is { } link)
        {
            WriteString(output, link);
        }

        output.Add(bulletin.Origin is null ? (byte)0 : (byte)1);
        if (bulletin.Origin is { } origin)
        {
            WriteString(output, origin);
        }
    }

    public static Bulletin Decode(ReadOnlySpan<byte> record)
    {
        var offset = 0;
        var id = ReadString(record, ref offset);
        var source = ReadString(record, ref offset);
        var title = ReadString(record, ref offset);
        var count = VarInt.Read(record, ref offset);
        var paragraphs = new string[count];
        for (var i = 0; i < count; i++)
        {
            paragraphs[i] = ReadString(record, ref offset);
        }

        var day = BinaryPrimitives.ReadInt32LittleEndian(record[offset..]);
        var end = BinaryPrimitives.ReadInt32LittleEndian(record[(offset + 4)..]);
        offset += 8;
        var link = record[offset++] == 1 ? ReadString(record, ref offset) : null;
        var origin = record[offset++] == 1 ? ReadString(record, ref offset) : null;
        return new Bulletin(
            id,
            source,
            title,
            paragraphs,
            day == NoDay ? null : DateOnly.FromDayNumber(day),
            end == NoDay ? null : DateOnly.FromDayNumber(end),
            link,
            origin);
    }

    /// <summary>A block: int32 uncompressed length, then the Brotli stream of the records, each as
    /// varint(length) + record.</summary>
    public static byte[] CompressBlock(ReadOnlySpan<byte> records)
    {
        var output = new byte[4 + BrotliEncoder.GetMaxCompressedLength(records.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(output, records.Length);
        if (!BrotliEncoder.TryCompress(records, output.AsSpan(4), out var written, Quality, Window))
        {
            throw new InvalidOperationException("Brotli could not compress a stored-fields block.");
        }

        return output[..(4 + written)];
    }

    /// <summary>The records of a block, each as a slice of the returned buffer.</summary>
    public static byte[] DecompressBlock(ReadOnlySpan<byte> block, string where)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(block);
        if (length < 0 || length > 64 << 20)
        {
            throw new IndexCorruptException($"segment {where}: a stored block claims {length} bytes");
        }

        var records = new byte[length];
        if (!BrotliDecoder.TryDecompress(block[4..], records, out var written) || written != length)
        {
            throw new IndexCorruptException($"segment {where}: a stored block does not decompress");
        }

        return records;
    }

    /// <summary>Record <paramref name="index"/> of a decompressed block.</summary>
    public static ReadOnlySpan<byte> RecordOf(ReadOnlySpan<byte> records, int index)
    {
        var offset = 0;
        for (var i = 0; ; i++)
        {
            var length = VarInt.Read(records, ref offset);
            if (i == index)
            {
                return records.Slice(offset, length);
            }

            offset += length;
        }
    }

    private static void WriteString(GrowableArray<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        VarInt.Write(output, length);
        Encoding.UTF8.GetBytes(value, output.Append(length));
    }

    private static void WriteInt(GrowableArray<byte> output, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.AddRange(bytes);
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int offset)
    {
        var length = VarInt.Read(data, ref offset);
        var value = Encoding.UTF8.GetString(data.Slice(offset, length));
        offset += length;
        return value;
    }
}
