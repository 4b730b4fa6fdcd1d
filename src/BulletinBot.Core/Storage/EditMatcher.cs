using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Finds the stored item that an item with an unknown id corrects (see <see cref="ItemIdentity"/>): same source,
/// same date, alike enough, and neither on the page being written under its own id nor already taken by another item
/// of that page, so that two close but different items of one page stay two. Undated items are not matched: without
/// a date, two items of a source that read alike are as likely two stories as one corrected. Every store implementation
/// uses it, reading the candidates its own way (<paramref name="storedOn"/>: the items of that source starting on that
/// day number, at most the given count). Stores find them by an index of source and day: a day of the whole archive
/// holds every source's items, and reading them all for each new id made ingest slower as the archive grew.
/// </summary>
public sealed class EditMatcher(Func<string, int, int, IReadOnlyList<Bulletin>> storedOn, IReadOnlyList<Bulletin> page)
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

        var candidates = storedOn(incoming.Source, day.DayNumber, MaxCandidates + 1);
        if (candidates.Count > MaxCandidates)
        {
            return null;
        }

        Bulletin? best = null;
        var bestLikeness = 0.0;
        ItemIdentity.Wording? wording = null;
        foreach (var stored in candidates)
        {
            // A store may hand over more than asked for (another source's items under a shared key): only the same source counts.
            if (stored.Source != incoming.Source || _taken.Contains(stored.Id))
            {
                continue;
            }

            wording ??= ItemIdentity.Words(incoming);
            var likeness = ItemIdentity.Likeness(ItemIdentity.Words(stored), wording);
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
