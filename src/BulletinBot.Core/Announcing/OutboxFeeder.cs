using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Turns the store's change sequence into outbox rows: for each new item (and each edit, when edits
/// are announced) one row per target whose filter it matches, written in the transaction that records
/// how far the outbox read, so a crash neither loses nor doubles a row.
/// </summary>
public sealed class OutboxFeeder(
    IOutbox outbox,
    ITargetStore targets,
    IOptions<AnnouncementOptions> options,
    TimeProvider time,
    ILogger<OutboxFeeder> logger,
    SourceDirectory? sources = null)
{
    public const string Consumer = "announcements";
    private const int Batch = 500;

    private readonly Dictionary<string, AnnouncementFilter> _filters = new(StringComparer.Ordinal);

    /// <summary>Whether the outbox has ever started on this store.</summary>
    public bool Started => outbox.HasStarted;

    /// <summary>
    /// The first time the outbox runs on a store, everything the store holds (the first load of the
    /// sources) is a backfill: it is skipped unless Announcements:AnnounceBackfill is set.
    /// </summary>
    public void StartOnce()
    {
        if (Started)
        {
            return;
        }

        var skipped = 0;
        if (!options.Value.AnnounceBackfill)
        {
            int count;
            while ((count = outbox.FeedChanges(Consumer, Batch * 10, _ => [], time.GetUtcNow())) > 0)
            {
                skipped += count;
            }
        }

        outbox.MarkStarted();
        logger.LogInformation("Announcements start on this store: {Skipped} stored changes taken as the backfill, not announced", skipped);
    }

    /// <summary>Writes the rows of every change not consumed yet; returns how many rows were written.</summary>
    public int FeedPending()
    {
        var written = 0;
        while (outbox.FeedChanges(Consumer, Batch, Plan, time.GetUtcNow()) > 0)
        {
        }

        return written;

        List<OutboxPlan> Plan(IReadOnlyList<StoredChange> changes)
        {
            var plan = RowsOf(changes);
            written += plan.Sum(p => p.Items.Count);
            return plan;
        }
    }

    /// <summary>The rows of one batch of changes: for each active target, the changes its filter matches, in change order.</summary>
    private List<OutboxPlan> RowsOf(IReadOnlyList<StoredChange> changes)
    {
        var announceEdits = options.Value.AnnounceEdits;
        var plan = new List<OutboxPlan>();
        foreach (var target in targets.All().Where(t => t.Active && !t.Disabled))
        {
            var filter = Filter(target.Filter);
            var items = changes
                .Where(c => (announceEdits || !c.IsEdit) && filter.Matches(c.Bulletin))
                .Select(c => (c.Bulletin.Id, c.IsEdit))
                .ToList();
            if (items.Count > 0)
            {
                plan.Add(new OutboxPlan(target.Key, items));
            }
        }

        return plan;
    }

    private AnnouncementFilter Filter(string text)
    {
        if (!_filters.TryGetValue(text, out var filter))
        {
            // A filter was checked when it was set; one that no longer parses matches nothing rather than everything.
            filter = AnnouncementFilter.TryParse(text, out _, sources) ?? AnnouncementFilter.Nothing;
            _filters[text] = filter;
        }

        return filter;
    }
}
