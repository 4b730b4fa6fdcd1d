using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// The layout of a segment file, version 4, described here once: <see cref="SegmentFileWriter"/> writes
/// it, <see cref="SegmentFile"/> reads it, and both take their offsets and constants from this class.
/// All integers little-endian. Version 1 (until 2026-11-29) kept its terms as varint-prefixed strings in
/// ordinal order, which an open made into 70,000 strings and a hash map, grouped stored records 16 to a
/// Brotli block, kept positions as plain uint16 and a document's term ordinals in the forward index as
/// they are rather than as differences. Version 2 (until 2026-12-06) stored no item's source (origin) and held no
/// source terms (<see cref="SourceTerm"/>), so <c>source:</c> could not filter it. Version 3 (until
/// 2026-12-06) interleaved each posting's document delta, a varint, with its frequencies. An index of an older
/// version is rebuilt from the store, never misread.
/// <code>
/// header (64 bytes): magic "BBSEGMNT", int32 version, int32 documents, int32 terms, int32 stored blocks,
///                    int64 file length, int64 meta offset, int64 meta length, uint64 XxHash64 of meta,
///                    4 bytes zero, uint32 CRC-32 of the 60 bytes before it
/// term blobs:        per term: varint blocks; int32[] last doc, data offset, position offset per block;
///                    float32[] block max weight; int32 + data bytes (the postings, below); int32
///                    positions, int32 + their bytes (see <see cref="PositionsCodec"/>);
///                    byte 0/1 + ulong[] document bitset; then uint32 CRC-32 of the blob
/// stored blocks:     per document: see <see cref="StoredFields"/>; then CRC-32
/// forward index:     every document's term ordinals, ascending, as varints of their differences
///                    (the first from 0); then CRC-32
/// meta:              ids (varint length + UTF-8), int32[] days, uint16[] title lengths, uint16[] body
///                    lengths, int64 title sum, int64 body sum, int32[documents + 1] forward starts,
///                    int64 forward offset, the terms sorted by their UTF-8 bytes (see
///                    <see cref="SortedTermDictionary"/>), then per term ordinal int32[] document
///                    frequency, int64[] blob offset, int32[] blob length; int64[stored blocks + 1] block offsets
/// </code>
/// The postings of a term (<see cref="TermPostings.Data"/>, written by <see cref="PostingsEncoder"/> and read
/// by <see cref="PostingsDecoder"/>) come in blocks of <see cref="TermPostings.BlockSize"/> documents. A block
/// holds its documents first, their deltas packed at one bit width (<see cref="PackedInts"/>: a width byte,
/// then the deltas end to end), then their frequencies, per posting varint(bodyTf × 4 + min(titleTf, 3))
/// and, when titleTf ≥ 3, varint(titleTf − 3); so a conjunction steps through documents without decoding
/// frequencies it does not score. Varints are <see cref="VarInt"/>. Positions are in posting order, title first.
/// <para>The header and meta are checked when the file is opened; a blob or block when it is first read.</para>
/// </summary>
internal static class SegmentFormat
{
    public const int Version = 4;
    public const int HeaderLength = 64;

    // Where each header field starts.
    public const int VersionAt = 8;
    public const int DocumentsAt = 12;
    public const int TermsAt = 16;
    public const int StoredBlocksAt = 20;
    public const int FileLengthAt = 24;
    public const int MetaOffsetAt = 32;
    public const int MetaLengthAt = 40;
    public const int MetaHashAt = 48;

    /// <summary>Where the header's CRC-32 starts; it covers every byte before it.</summary>
    public const int HeaderChecksumAt = 60;

    /// <summary>The CRC-32 after every blob, stored block and the forward index.</summary>
    public const int ChecksumLength = 4;

    public static ReadOnlySpan<byte> Magic => "BBSEGMNT"u8;

    public static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Segment files are written on little-endian machines only.");
        }
    }
}
