using BulletinBot.Core.Search.Analysis;
using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Query;

/// <summary>
/// One phrase of a query: its indexed words with their offsets from the first word (stop words are
/// not indexed but keep their place). A wanted phrase's words are also scoring terms and read the
/// scoring cursors; an excluded phrase binds cursors of its own in each segment.
/// </summary>
internal sealed class PhraseMatcher
{
    private PhraseMatcher(string[] words, int[] offsets, int[] termIndexes)
    {
        Words = words;
        Offsets = offsets;
        TermIndexes = termIndexes;
        Cursors = new PostingCursor?[words.Length];
    }

    public string[] Words { get; }

    public int[] Offsets { get; }

    /// <summary>For wanted phrases, where each word's cursor sits among the scoring terms.</summary>
    public int[] TermIndexes { get; }

    /// <summary>For excluded phrases, the cursors of the current segment.</summary>
    public PostingCursor?[] Cursors { get; }

    /// <summary>False for an excluded phrase when the current segment lacks one of its words, so that
    /// no document there can hold it.</summary>
    public bool IsBound { get; private set; }

    /// <summary>The matcher for a phrase's words, or null when every word is a stop word.
    /// <paramref name="termIndexOf"/> says where each word sits among the scoring terms.</summary>
    public static PhraseMatcher? Of(IReadOnlyList<string> phraseWords, Func<string, int> termIndexOf)
    {
        var words = new List<string>();
        var offsets = new List<int>();
        for (var i = 0; i < phraseWords.Count; i++)
        {
            var word = phraseWords[i];
            if (word.Length > 0 && !TextAnalyzer.IsStopTerm(word))
            {
                words.Add(word);
                offsets.Add(i);
            }
        }

        if (words.Count == 0)
        {
            return null;
        }

        var termIndexes = words.ConvertAll(w => termIndexOf(w)).ToArray();
        return new PhraseMatcher([.. words], [.. offsets], termIndexes);
    }

    /// <summary>Borrows cursors for the words in the segment the cursors stand in.</summary>
    public void Bind(SegmentCursors segmentCursors)
    {
        IsBound = true;
        for (var i = 0; i < Words.Length; i++)
        {
            var postings = segmentCursors.Segment.Find(Words[i]);
            if (postings is null)
            {
                IsBound = false;
                return;
            }

            Cursors[i] = segmentCursors.Rent(postings);
        }
    }

    /// <summary>True when the words stand at their offsets somewhere in the document; a wanted
    /// phrase reads the scoring cursors, which already stand on the document.</summary>
    public bool Matches(PostingCursor?[] scoringCursors, int doc)
    {
        var useOwn = ReferenceEquals(scoringCursors, Cursors);
        var anchor = 0;
        var fewest = int.MaxValue;
        for (var i = 0; i < Words.Length; i++)
        {
            var cursor = useOwn ? Cursors[i]! : scoringCursors[TermIndexes[i]]!;
            if (cursor.Doc != doc && cursor.Seek(doc) != doc)
            {
                return false;
            }

            var tf = cursor.TitleTf + cursor.BodyTf;
            if (tf < fewest)
            {
                fewest = tf;
                anchor = i;
            }
        }

        if (Words.Length == 1)
        {
            return true;
        }

        // The rarest word's positions are the candidates; the others are looked up around each.
        var anchorCursor = useOwn ? Cursors[anchor]! : scoringCursors[TermIndexes[anchor]]!;
        foreach (var position in anchorCursor.Positions)
        {
            var origin = position - Offsets[anchor];
            var all = true;
            for (var i = 0; i < Words.Length && all; i++)
            {
                if (i == anchor)
                {
                    continue;
                }

                var cursor = useOwn ? Cursors[i]! : scoringCursors[TermIndexes[i]]!;
                all = cursor.Positions.BinarySearch((ushort)Math.Clamp(origin + Offsets[i], 0, ushort.MaxValue)) >= 0
                    && origin + Offsets[i] >= 0;
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
