using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// An item's word sets (<see cref="ItemIdentity.Words(Bulletin)"/>) as sorted 32-bit hashes of the folded words: what
/// the store keeps beside each dated item, so that an item with a new id is screened against its source's items of its
/// day without reading them and splitting their texts again. It only screens. Two words share a hash about once in
/// 4 billion pairs, and a shared hash moves the measure by one word in either direction; so a stored item whose sketched
/// measure comes within <see cref="TitleSlack"/> (two words of a ten-word title) or <see cref="BodySlack"/> of a
/// threshold is read and measured on its words, and only that measure decides (<see cref="ItemIdentity.Likeness(ItemIdentity.Wording, ItemIdentity.Wording)"/>).
/// </summary>
public sealed class ItemSketch(uint[] title, uint[] body)
{
    public const double TitleSlack = 0.2;
    public const double BodySlack = 0.05;

    /// <summary>The title's word hashes, ascending and distinct.</summary>
    public uint[] Title { get; } = title ?? throw new ArgumentNullException(nameof(title));

    /// <summary>The body's word hashes, ascending and distinct.</summary>
    public uint[] Body { get; } = body ?? throw new ArgumentNullException(nameof(body));

    public static ItemSketch Of(ItemIdentity.Wording wording)
    {
        ArgumentNullException.ThrowIfNull(wording);
        return new ItemSketch(Hashes(wording.Title), Hashes(wording.Body));
    }

    /// <summary>Whether an item sketched as <paramref name="other"/> may be alike enough to this one to be worth measuring on its words.</summary>
    public bool MayMatch(ItemSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Jaccard(Title, other.Title) >= ItemIdentity.TitleThreshold - TitleSlack
            || Jaccard(Body, other.Body) >= ItemIdentity.BodyThreshold - BodySlack;
    }

    /// <summary>The hashes as the bytes a store keeps (little-endian, as every platform .NET runs the bot on).</summary>
    public static byte[] ToBytes(uint[] hashes) => MemoryMarshal.AsBytes(hashes.AsSpan()).ToArray();

    public static uint[] FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return MemoryMarshal.Cast<byte, uint>(bytes.AsSpan(0, bytes.Length / sizeof(uint) * sizeof(uint))).ToArray();
    }

    /// <summary>The Jaccard index of two ascending, distinct hash lists, by one merge; 0 when either is empty.</summary>
    internal static double Jaccard(uint[] left, uint[] right)
    {
        if (left.Length == 0 || right.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, shared = 0;
        while (i < left.Length && j < right.Length)
        {
            if (left[i] == right[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (left[i] < right[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)shared / (left.Length + right.Length - shared);
    }

    private static uint[] Hashes(IReadOnlySet<string> words)
    {
        var hashes = new uint[words.Count];
        var n = 0;
        foreach (var word in words)
        {
            hashes[n++] = XxHash32.HashToUInt32(MemoryMarshal.AsBytes(word.AsSpan()));
        }

        Array.Sort(hashes);
        var distinct = 0;
        for (var k = 0; k < hashes.Length; k++)
        {
            if (k == 0 || hashes[k] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[k];
            }
        }

        return distinct == hashes.Length ? hashes : hashes[..distinct];
    }
}
