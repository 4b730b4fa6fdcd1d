using System.Buffers;
using BulletinBot.Core.Text;

namespace BulletinBot.Core.Bulletins;

/// <summary>
/// Whether an item read now is a corrected copy of one already stored. Ids hash the source, title and date, so a
/// corrected title gives a new id; the store then asks this whether a stored item of the same source and date, not
/// itself on the page being written, is the same story. The measure is the Jaccard index of the two texts' word sets
/// (words folded for case and accents): the share of distinct words that both hold, out of all the distinct words of
/// either. Titles need <see cref="TitleThreshold"/> ("claimed by Interpol" against "wanted by Interpol" in a twelve-word
/// title is 0.86); bodies, which are longer and rarely alike between two stories, need <see cref="BodyThreshold"/>.
/// </summary>
public static class ItemIdentity
{
    public const double TitleThreshold = 0.6;
    public const double BodyThreshold = 0.8;

    /// <summary>How alike <paramref name="stored"/> and <paramref name="incoming"/> are: the larger of the title and body measures, 0 to 1.</summary>
    public static double Likeness(Bulletin stored, Bulletin incoming)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(incoming);
        return Likeness(Words(stored), Words(incoming));
    }

    /// <summary>The same measure over word sets taken once, for one incoming item compared with several stored ones.</summary>
    public static double Likeness(Wording stored, Wording incoming)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(incoming);
        var title = Jaccard(stored.Title, incoming.Title);
        var body = Jaccard(stored.Body, incoming.Body);
        return Math.Max(title >= TitleThreshold ? title : 0, body >= BodyThreshold ? body : 0);
    }

    /// <summary>An item's folded title and body words, as the measure compares them.</summary>
    public sealed record Wording(IReadOnlySet<string> Title, IReadOnlySet<string> Body);

    /// <summary>The word sets of an item's title and body.</summary>
    public static Wording Words(Bulletin item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new Wording(Words(item.Title), Words(item.Body));
    }

    /// <summary>Whether the two are one story by the thresholds above; the source and date are the caller's to compare.</summary>
    public static bool IsEditOf(Bulletin stored, Bulletin incoming) => Likeness(stored, incoming) > 0;

    /// <summary>The Jaccard index of the folded word sets of two texts; 0 when either has no words.</summary>
    public static double Jaccard(string a, string b) => Jaccard(Words(a), Words(b));

    private static double Jaccard(IReadOnlySet<string> left, IReadOnlySet<string> right)
    {
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }

        var shared = left.Count(right.Contains);
        return (double)shared / (left.Count + right.Count - shared);
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        EachWord(text, ref words, static (word, ref set) => set.Add(word.ToString()));
        return words;
    }

    /// <summary>What <see cref="EachWord{TState}"/> does with each word, given the caller's state.</summary>
    internal delegate void WordAction<TState>(ReadOnlySpan<char> word, ref TState state);

    /// <summary>
    /// Hands each word of <paramref name="text"/> to <paramref name="action"/>, in order and repeats included: every
    /// character folded (<see cref="TextFold"/>) and finished as <see cref="BulletinId"/> normalises it, a word being a
    /// run of letters and digits. The one split of the measure's words; sketches hash the same words without making
    /// strings of them (<see cref="ItemSketch.Of(Bulletin)"/>).
    /// </summary>
    internal static void EachWord<TState>(string text, ref TState state, WordAction<TState> action)
    {
        var word = ArrayPool<char>.Shared.Rent((text.Length * TextFold.MaxExpansion) + 1);
        try
        {
            Span<char> folded = stackalloc char[TextFold.MaxExpansion];
            var length = 0;
            foreach (var c in text)
            {
                var n = TextFold.Fold(c, folded);
                for (var k = 0; k < n; k++)
                {
                    var f = BulletinId.Finish(folded[k]);
                    if (char.IsLetterOrDigit(f))
                    {
                        word[length++] = f;
                    }
                    else if (length > 0)
                    {
                        action(word.AsSpan(0, length), ref state);
                        length = 0;
                    }
                }
            }

            if (length > 0)
            {
                action(word.AsSpan(0, length), ref state);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(word);
        }
    }
}
