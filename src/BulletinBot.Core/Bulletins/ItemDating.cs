using BulletinBot.Core.Dates;

namespace BulletinBot.Core.Bulletins;

/// <summary>Where an item's date came from.</summary>
public enum DateOrigin
{
    /// <summary>No date could be recovered; the item stays undated.</summary>
    None,

    /// <summary>A full date the item states (in its body, or failing that in its title).</summary>
    Stated,

    /// <summary>A day and month the item states, with the year taken from the nearest dated neighbours.</summary>
    YearInferred,
}

/// <summary>An item's date and how it was found, in words a reader can check against the page.</summary>
public sealed record ItemDate(DateOnly? Date, DateOnly? EndDate, DateOrigin Origin, string How);

/// <summary>
/// Dates the items of a page. A date is looked for in the first paragraph; when that paragraph is a photo caption or
/// a subtitle, in the next one; and last in the title. A date without a year takes its year from the nearest items
/// above and below that state one, as long as that places it no more than a few weeks out of order.
/// </summary>
internal static class ItemDating
{
    /// <summary>Pages list newest first, but not strictly: an item a few days out of order is normal, weeks are not.</summary>
    internal const int ToleranceDays = 21;

    private const int LeapSearch = 8;

    // An item's date stands near the start of its paragraph; reading a pasted megabyte to its end finds none better.
    private const int DateSearchWindow = 4000;

    public static ItemDate[] Date(IReadOnlyList<(string Title, string[] Paragraphs)> drafts, List<string> warnings)
    {
        var dates = new ItemDate[drafts.Count];
        var mentions = new (DateMention Mention, string Where)?[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            dates[i] = new ItemDate(null, null, DateOrigin.None, "no date in its first paragraph, its caption or subtitle, or its title");
            if (Find(drafts[i].Title, drafts[i].Paragraphs) is not { } found)
            {
                warnings.Add($"\"{BulletinParser.Shorten(drafts[i].Title)}\" states no date in its first paragraph; it is kept undated.");
                continue;
            }

            mentions[i] = found;
            if (found.Mention.HasYear && found.Mention.Resolve() is { } resolved)
            {
                dates[i] = new ItemDate(resolved.Start, resolved.End, DateOrigin.Stated, $"stated {found.Where}");
            }
        }

        // A second pass, so that a date without a year sees the stated dates on both sides of it.
        for (var i = 0; i < drafts.Count; i++)
        {
            if (mentions[i] is not { Mention.HasYear: false } found)
            {
                continue;
            }

            var newer = Neighbour(dates, i, -1);
            var older = Neighbour(dates, i, +1);
            var mention = found.Mention;
            if (InferYear(mention, newer?.Date, older?.Date) is { } inferred)
            {
                var from = string.Join(" and ", new[] { Describe(newer, drafts, "above"), Describe(older, drafts, "below") }.OfType<string>());
                dates[i] = new ItemDate(inferred.Date, inferred.EndDate, DateOrigin.YearInferred,
                    $"{MonthNames.EnglishName(mention.Month)} {mention.Day} stated {found.Where}; the year from {from}");
            }
            else
            {
                dates[i] = dates[i] with { How = $"{MonthNames.EnglishName(mention.Month)} {mention.Day} stated {found.Where}, but no dated neighbour fixes its year" };
                warnings.Add(
                    $"\"{BulletinParser.Shorten(drafts[i].Title)}\" gives {MonthNames.EnglishName(mention.Month)} {mention.Day} without a year, and no dated item around it fixes the year; it is kept undated.");
            }
        }

        return dates;
    }

    private static (DateMention Mention, string Where)? Find(string title, string[] paragraphs)
    {
        if (DateMentions.FindFirst(paragraphs[0], DateSearchWindow) is { } first)
        {
            return (first.Mention, "in the first paragraph");
        }

        // A caption or a subtitle opens the body, and the date stands in the paragraph after it.
        if (paragraphs.Length > 1 && IsCaptionOrSubtitle(paragraphs[0]) && DateMentions.FindFirst(paragraphs[1], DateSearchWindow) is { } second)
        {
            return (second.Mention, "in the paragraph after the caption or subtitle");
        }

        return DateMentions.FindFirst(title, DateSearchWindow) is { } inTitle ? (inTitle.Mention, "in the title") : null;
    }

    private static bool IsCaptionOrSubtitle(string paragraph)
    {
        if (PageStructure.IsCaption(paragraph))
        {
            return true;
        }

        var end = paragraph.AsSpan().TrimEnd("\"'”’»)] ");
        return !PageStructure.IsTooLong(paragraph) && end.Length > 0 && end[^1] is not ('.' or '!' or '?' or ':' or ';' or ',');
    }

    private static (int Index, DateOnly Date)? Neighbour(ItemDate[] dates, int index, int step)
    {
        for (var i = index + step; i >= 0 && i < dates.Length; i += step)
        {
            if (dates[i] is { Origin: DateOrigin.Stated, Date: { } date })
            {
                return (i, date);
            }
        }

        return null;
    }

    private static string? Describe((int Index, DateOnly Date)? neighbour, IReadOnlyList<(string Title, string[] Paragraphs)> drafts, string side) =>
        neighbour is { } n ? $"\"{BulletinParser.Shorten(drafts[n.Index].Title)}\" ({n.Date:yyyy-MM-dd}) {side}" : null;

    /// <summary>
    /// The year that puts the day closest to where the page places it: between its newer and older neighbours, or
    /// just before the newer one, or just after the older one. A day that would still sit more than
    /// <see cref="ToleranceDays"/> days out of order gets no year at all.
    /// </summary>
    internal static (DateOnly Date, DateOnly? EndDate)? InferYear(DateMention mention, DateOnly? newer, DateOnly? older)
    {
        if (newer is null && older is null)
        {
            return null;
        }

        var low = (older?.Year ?? newer!.Value.Year - LeapSearch) - 1;
        var high = (newer?.Year ?? older!.Value.Year + LeapSearch) + 1;
        (DateOnly Start, DateOnly? End)? best = null;
        var bestDistance = int.MaxValue;
        for (var year = Math.Max(1, low); year <= Math.Min(9999, high); year++)
        {
            if (mention.ResolveIn(year) is not { } candidate)
            {
                continue;
            }

            var distance = Distance(candidate.Start, newer, older);
            if (distance < bestDistance || distance == bestDistance && newer is null)
            {
                // Ties go to the later year below a newer neighbour and to the earlier one above an older one.
                if (distance == bestDistance && newer is null && best is not null)
                {
                    continue;
                }

                best = candidate;
                bestDistance = distance;
            }
            else if (distance == bestDistance && newer is not null)
            {
                best = candidate;
            }
        }

        return best is { } found && bestDistance <= ToleranceDays ? (found.Start, found.End) : null;
    }

    /// <summary>Days the candidate sits out of order: after its newer neighbour or before its older one.</summary>
    private static int Distance(DateOnly candidate, DateOnly? newer, DateOnly? older)
    {
        var late = newer is { } n && candidate > n ? candidate.DayNumber - n.DayNumber : 0;
        var early = older is { } o && candidate < o ? o.DayNumber - candidate.DayNumber : 0;
        return Math.Max(late, early);
    }
}
