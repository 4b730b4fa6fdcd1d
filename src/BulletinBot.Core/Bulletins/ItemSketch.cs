using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// An item's word sets (<see cref="ItemIdentity.Words(Bulletin)"/>) as sorted 16-bit hashes of the folded words: what
/// the store keeps beside each dated item (two bytes a distinct word), so that an item with a new id is screened
/// against its source's items of its day without reading them and splitting their texts again. It only screens. A
/// shared hash moves the measure by one word in either direction: up, when words of the two items collide (the
/// item is then read and measured, no harm done); down, only when two words the items share collide with each other
/// within one item, about 0.08 times in a hundred-word body and 0.0008 in a ten-word title. So a stored item whose
/// sketched measure comes within <see cref="TitleSlack"/> (two words of a ten-word title) or <see cref="BodySlack"/>
/// (five words of a hundred) of a threshold is read and measured on its words, and only that measure decides
/// (<see cref="ItemIdentity.Likeness(ItemIdentity.Wording, ItemIdentity.Wording)"/>): a real match is missed only if
/// three such collisions fall in one title, or six in one body.
/// </summary>
public sealed class ItemSketch(ushort[] title, ushort[] body)
{
    public const double TitleSlack = 0.2;
    public const double BodySlack = 0.05;

    /// <summary>The title's word hashes, ascending and distinct.</summary>
    public ushort[] Title { get; } = title ?? throw new ArgumentNullException(nameof(title));

    /// <summary>The body's word hashes, ascending and distinct.</summary>
    public ushort[] Body { get; } = body ?? throw new ArgumentNullException(nameof(body));

    /// <summary>Whether an item sketched as <paramref name="other"/> may be alike enough to this one to be worth measuring on its words.</summary>
    public bool MayMatch(ItemSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Jaccard(Title, other.Title) >= ItemIdentity.TitleThreshold - TitleSlack
            || Jaccard(Body, other.Body) >= ItemIdentity.BodyThreshold - BodySlack;
    }

    /// <summary>The hashes as the bytes a store keeps (little-endian, as every platform .NET runs the bot on).</summary>
    public static byte[] ToBytes(ushort[] hashes) => MemoryMarshal.AsBytes(hashes.AsSpan()).ToArray();

    public static ushort[] FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan(0, bytes.Length / sizeof(ushort) * sizeof(ushort))).ToArray();
    }

    /// <summary>The Jaccard index of two ascending, distinct hash lists, by one merge; 0 when either is empty.</summary>
    internal static double Jaccard(ushort[] left, ushort[] right)
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

    /// <summary>
    /// The sketch of <paramref name="item"/>'s words taken straight from its text: the same as <see cref="Hash"/> of each
    /// word of <see cref="ItemIdentity.Words(Bulletin)"/>, sorted and distinct, without building the words.
    /// Every new dated item is sketched as it is stored, and only a few are ever measured on their words.
    /// </summary>
    public static ItemSketch Of(Bulletin item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ItemSketch(WordHashes(item.Title), WordHashes(item.Body));
    }

    /// <summary>
    /// The hashes of <paramref name="text"/>'s words (<see cref="ItemIdentity.EachWord{TState}"/>). A word takes at least
    /// one character and a separator another, so there are at most half as many words as characters, plus one.
    /// </summary>
    private static ushort[] WordHashes(string text)
    {
        var state = (Hashes: ArrayPool<ushort>.Shared.Rent((text.Length / 2) + 1), Count: 0);
        try
        {
            ItemIdentity.EachWord(text, ref state, static (word, ref found) => found.Hashes[found.Count++] = Hash(word));
            return SortedDistinct(state.Hashes.AsSpan(0, state.Count).ToArray());
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(state.Hashes);
        }
    }

    internal static ushort Hash(ReadOnlySpan<char> word)
    {
        var hash = XxHash32.HashToUInt32(MemoryMarshal.AsBytes(word));
        return (ushort)(hash ^ (hash >> 16));
    }

    internal static ushort[] SortedDistinct(ushort[] hashes)
    {
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
