using BulletinBot.Core.Bulletins;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Finds the stored item that an item with an unknown id corrects (see <see cref="ItemIdentity"/>): same source,
/// same date, alike enough, and neither on the page being written under its own id nor already taken by another item
/// of that page, so that two close but different items of one page stay two. Undated items are not matched: without
/// a date, two items of a source that read alike are as likely two stories as one corrected.
/// </summary>
internal sealed class EditMatcher(ILiteCollection<BsonDocument> bulletins, IReadOnlyList<Bulletin> page)
{
    // A day of one source holds a handful of items; past this many the day is not searched for a likeness.
    private const int MaxCandidates = 200;

    private readonly HashSet<string> _taken = page.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored document <paramref name="incoming"/> is an edit of, or null; a document found is taken for this page.</summary>
    public BsonDocument? Find(Bulletin incoming)
    {
        if (incoming.Date is not { } day)
        {
            return null;
        }

        var candidates = bulletins.Find(Query.EQ("day", day.DayNumber), 0, MaxCandidates + 1).ToList();
        if (candidates.Count > MaxCandidates)
        {
            return null;
        }

        BsonDocument? best = null;
        var bestLikeness = 0.0;
        foreach (var document in candidates)
        {
            if (document["source"].AsString != incoming.Source || _taken.Contains(document["_id"].AsString))
            {
                continue;
            }

            var likeness = ItemIdentity.Likeness(BulletinStore.FromDocument(document), incoming);
            if (likeness > bestLikeness)
            {
                (best, bestLikeness) = (document, likeness);
            }
        }

        if (best is not null)
        {
            _taken.Add(best["_id"].AsString);
        }

        return best;
    }
}
