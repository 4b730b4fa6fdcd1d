using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Search.Index;

public sealed partial class SearchIndex
{
    /// <summary>
    /// The dates of every live document in [<paramref name="from"/>, <paramref name="to"/>] (either may be open), read
    /// from the segments' day columns without touching a stored field, and how many live documents have no date.
    /// </summary>
    public DatedDocuments Dates(DateOnly? from, DateOnly? to)
    {
        var first = from?.DayNumber ?? int.MinValue + 1;
        var last = to?.DayNumber ?? int.MaxValue;
        var current = Acquire();
        try
        {
            var days = new List<DateOnly>();
            var undated = 0;
            foreach (var state in current.Segments)
            {
                var column = state.Segment.Days;
                for (var doc = 0; doc < column.Length; doc++)
                {
                    if (state.IsDeleted(doc))
                    {
                        continue;
                    }

                    var day = column[doc];
                    if (day == Segment.UndatedDay)
                    {
                        undated++;
                    }
                    else if (day >= first && day <= last)
                    {
                        days.Add(DateOnly.FromDayNumber(day));
                    }
                }
            }

            return new DatedDocuments(days, from is null && to is null ? undated : 0, Complete: true);
        }
        finally
        {
            current.Release();
        }
    }

    /// <summary>The dates of a search's hits, read from the day column of the segment each was found in.</summary>
    internal static DatedDocuments Dates(SearchResults results)
    {
        var days = new List<DateOnly>(results.Hits.Count);
        var undated = 0;
        foreach (var hit in results.Hits)
        {
            var day = hit.Segment is { } segment ? segment.Days[hit.Doc] : Segment.UndatedDay;
            if (day == Segment.UndatedDay)
            {
                undated++;
            }
            else
            {
                days.Add(DateOnly.FromDayNumber(day));
            }
        }

        return new DatedDocuments(days, undated, Complete: !results.TotalIsExact || results.Total <= results.Hits.Count);
    }
}

/// <summary>The dates of a set of documents (the archive, or a search's matches), in no order.</summary>
/// <param name="Complete">False when a search matched more documents than it can read (<see cref="SearchIndex.MaxResultDepth"/>).</param>
public sealed record DatedDocuments(IReadOnlyList<DateOnly> Dates, int Undated, bool Complete);
