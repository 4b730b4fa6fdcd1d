using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Finds the stored item that an item with an unknown id corrects (see <see cref="ItemIdentity"/>): same source,
/// same date, alike enough, and neither on the page being written under its own id nor already taken by another item
/// of that page, so that two close but different items of one page stay two. Undated items are not matched: without
/// a date, two items of a source that read alike are as likely two stories as one corrected. Every store implementation
/// uses it, reading the candidates of a day its own way (<paramref name="storedOn"/>: the items starting on that day
/// number, at most the given count).
/// </summary>
public sealed class EditMatcher(Func<int, int, IReadOnlyList<Bulletin>> storedOn, IReadOnlyList<Bulletin> page)
{
    // A day of one source holds a handful of items; past this many the day is not searched for a likeness.
    private const int MaxCandidates = 200;

    private readonly HashSet<string> _taken = (page ?? throw new ArgumentNullException(nameof(page))).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored item <paramref name="incoming"/> is an edit of, or null; an item found is taken for this page.</summary>
    public Bulletin? Find(Bulletin incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (incoming.Date is not { } day)
        {
            return null;
        }

        var candidates = storedOn(day.DayNumber, MaxCandidates + 1);
        if (candidates.Count > MaxCandidates)
        {
            return null;
        }

        Bulletin? best = null;
        var bestLikeness = 0.0;
        foreach (var stored in candidates)
        {
            if (stored.Source != incoming.Source || _taken.Contains(stored.Id))
            {
                continue;
            }

            var likeness = ItemIdentity.Likeness(stored, incoming);
            if (likeness > bestLikeness)
            {
                (best, bestLikeness) = (stored, likeness);
            }
        }

        if (best is not null)
        {
            _taken.Add(best.Id);
        }

        return best;
    }
}
