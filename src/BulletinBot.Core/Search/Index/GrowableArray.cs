namespace BulletinBot.Core.Search.Index;

/// <summary>A list whose backing array is handed out, so that builders can append and then slice or
/// increment in place without copying.</summary>
internal sealed class GrowableArray<T>(int capacity = 4)
{
    private T[] items = new T[Math.Max(capacity, 1)];

    public int Count { get; private set; }

    public T[] Items => items;

    public ref T this[int index] => ref items[index];

    public void Add(T item)
    {
        if (Count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[Count++] = item;
    }

    public void AddRange(ReadOnlySpan<T> values)
    {
        if (Count + values.Length > items.Length)
        {
            Array.Resize(ref items, Math.Max(items.Length * 2, Count + values.Length));
        }

        values.CopyTo(items.AsSpan(Count));
        Count += values.Length;
    }

    /// <summary>Appends <paramref name="count"/> default items and returns them to be filled.</summary>
    public Span<T> Append(int count)
    {
        if (Count + count > items.Length)
        {
            Array.Resize(ref items, Math.Max(items.Length * 2, Count + count));
        }

        var span = items.AsSpan(Count, count);
        Count += count;
        return span;
    }

    public void Clear() => Count = 0;

    public ReadOnlySpan<T> AsSpan() => items.AsSpan(0, Count);

    public T[] ToArray() => AsSpan().ToArray();
}

/// <summary>Scratch arrays that a per-thread searcher keeps between queries: they grow and never
/// shrink, so a search allocates only when it is larger than every one before it.</summary>
internal static class Buffers
{
    public static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }
    }
}
