using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Finds the stored item that an item with an unknown id corrects (see <see cref="ItemIdentity"/>): same source,
/// same date, alike enough, and neither on the page being written under its own id nor already taken by another item
/// of that page, so that two close but different items of one page stay two. Undated items are not matched: without
/// a date, two items of a source that read alike are as likely two stories as one corrected. Every store implementation
/// uses it, finding the candidates its own way:
/// <list type="bullet">
/// <item>read whole (<c>storedOn</c>: the items of that source starting on that day number, at most the given count),
/// and each measured on its words;</item>
/// <item>or, where the store keeps a sketch of each item's words by source and day (<c>sketchedOn</c>, the embedded
/// store), screened by their sketches (<see cref="ItemSketch"/>), and only those that may match read (<c>read</c>)
/// and measured. A day of a large archive holds many items of a source; reading and splitting each of them for every
/// new id made ingest slower the more the archive held.</item>
/// </list>
/// </summary>
public sealed class EditMatcher
{
    // A day of one source holds a handful of items; past this many the day is not searched for a likeness.
    private const int MaxCandidates = 200;

    private readonly Func<string, int, int, IReadOnlyList<Bulletin>>? _storedOn;
    private readonly Func<string, int, IReadOnlyList<SketchedItem>>? _sketchedOn;
    private readonly Func<string, Bulletin?>? _read;
    private readonly HashSet<string> _taken;

    /// <summary>Candidates read whole, <paramref name="storedOn"/>(source, day number, at most).</summary>
    public EditMatcher(Func<string, int, int, IReadOnlyList<Bulletin>> storedOn, IReadOnlyList<Bulletin> page)
        : this(page)
    {
        _storedOn = storedOn ?? throw new ArgumentNullException(nameof(storedOn));
    }

    /// <summary>Candidates screened by their sketches, <paramref name="sketchedOn"/>(source, day number), and read by id only when they may match.</summary>
    public EditMatcher(Func<string, int, IReadOnlyList<SketchedItem>> sketchedOn, Func<string, Bulletin?> read, IReadOnlyList<Bulletin> page)
        : this(page)
    {
        _sketchedOn = sketchedOn ?? throw new ArgumentNullException(nameof(sketchedOn));
        _read = read ?? throw new ArgumentNullException(nameof(read));
    }

    private EditMatcher(IReadOnlyList<Bulletin> page) =>
        _taken = (page ?? throw new ArgumentNullException(nameof(page))).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored item <paramref name="incoming"/> is an edit of, or null; an item found is taken for this page.</summary>
    public Bulletin? Find(Bulletin incoming) => Find(incoming, null);

    /// <summary>
    /// As <see cref="Find(Bulletin)"/>, with the incoming item's sketch when the caller has it already (a store that
    /// keeps sketches takes it once for the match and for what it keeps).
    /// </summary>
    public Bulletin? Find(Bulletin incoming, ItemSketch? sketch)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (incoming.Date is not { } day)
        {
            return null;
        }

        var (best, _) = _sketchedOn is null
            ? FindRead(incoming, day.DayNumber)
            : FindSketched(incoming, day.DayNumber, sketch);
        if (best is not null)
        {
            _taken.Add(best.Id);
        }

        return best;
    }

    private (Bulletin? Best, double Likeness) FindRead(Bulletin incoming, int day)
    {
        var candidates = _storedOn!(incoming.Source, day, MaxCandidates + 1);
        if (candidates.Count > MaxCandidates)
        {
            return (null, 0);
        }

        (Bulletin? Best, double Likeness) found = (null, 0);
        ItemIdentity.Wording? wording = null;
        foreach (var stored in candidates)
        {
            wording ??= ItemIdentity.Words(incoming);
            found = Better(found, stored, incoming, wording);
        }

        return found;
    }

    private (Bulletin? Best, double Likeness) FindSketched(Bulletin incoming, int day, ItemSketch? sketch)
    {
        var candidates = _sketchedOn!(incoming.Source, day);
        if (candidates.Count > MaxCandidates)
        {
            return (null, 0);
        }

        (Bulletin? Best, double Likeness) found = (null, 0);
        ItemIdentity.Wording? wording = null;
        foreach (var candidate in candidates)
        {
            if (_taken.Contains(candidate.Id))
            {
                continue;
            }

            sketch ??= ItemSketch.Of(incoming);
            if (candidate.Sketch.MayMatch(sketch) && _read!(candidate.Id) is { } stored)
            {
                wording ??= ItemIdentity.Words(incoming);
                found = Better(found, stored, incoming, wording);
            }
        }

        return found;
    }

    private (Bulletin? Best, double Likeness) Better((Bulletin? Best, double Likeness) found, Bulletin stored, Bulletin incoming, ItemIdentity.Wording wording)
    {
        // A store may hand over more than asked for (another source's items under a shared key): only the same source counts.
        if (stored.Source != incoming.Source || _taken.Contains(stored.Id))
        {
            return found;
        }

        var likeness = ItemIdentity.Likeness(ItemIdentity.Words(stored), wording);
        return likeness > found.Likeness ? (stored, likeness) : found;
    }
}

/// <summary>A stored item as a store that keeps sketches hands it to <see cref="EditMatcher"/>: its id and its words' sketch.</summary>
public sealed record SketchedItem(string Id, ItemSketch Sketch);
