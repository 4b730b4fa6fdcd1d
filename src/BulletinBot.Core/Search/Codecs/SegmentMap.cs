using System.Buffers;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>
/// A segment file mapped into memory, read-only, for reading postings in place: no copy, no buffer
/// to allocate, the operating system's page cache holding what queries touch. The mapping lives as
/// long as the <see cref="SegmentFile"/> that owns it, which stays open while any snapshot lists its
/// segment, so memory handed out here is only read while the mapping stands. Segment files are
/// written once beside the index and renamed into place, never changed after.
/// </summary>
internal sealed unsafe class SegmentMap : IDisposable
{
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private byte* start;

    private SegmentMap(MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
    {
        this.file = file;
        this.view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        start = pointer + view.PointerOffset;
    }

    public long Length { get; }

    /// <summary>Maps the whole of an open file, which must not be empty.</summary>
    public static SegmentMap Open(SafeFileHandle handle, long length)
    {
        var file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            return new SegmentMap(file, file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The bytes [offset, offset + length), which the caller has checked lie within the file.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        Check(offset, length);
        return new ReadOnlySpan<byte>(start + offset, length);
    }

    /// <summary>The same bytes as memory that can be kept (in a <see cref="TermPostings"/>) as long as the map stands.</summary>
    public ReadOnlyMemory<byte> Memory(long offset, int length)
    {
        Check(offset, length);
        return length == 0 ? ReadOnlyMemory<byte>.Empty : new Region(start + offset, length).Memory;
    }

    public void Dispose()
    {
        if (start != null)
        {
            start = null;
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        view.Dispose();
        file.Dispose();
    }

    private void Check(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(start == null, this);
        if (offset < 0 || length < 0 || offset + length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{offset}+{length} lies outside the {Length} bytes mapped");
        }
    }

    // A slice of the mapping as Memory<byte>; never pinned or freed on its own.
    private sealed class Region(byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
