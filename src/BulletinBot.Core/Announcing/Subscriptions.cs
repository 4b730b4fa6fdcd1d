using BulletinBot.Core.Chats;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Announcing;

/// <summary>What a new subscription gets at once: nothing, the last N matching items, or those dated since a day.</summary>
public sealed record SubscriptionBackfill(int? Last = null, DateOnly? Since = null)
{
    public const int MaxItems = 50;

    public static SubscriptionBackfill None { get; } = new();
}

/// <summary>
/// The chats' own announcement subscriptions: made with <c>subscribe</c>, listed with
/// <c>subscriptions</c>, ended with <c>unsubscribe</c>. A new subscription and the rows of its
/// backfill are written in one transaction (<see cref="IOutbox.Subscribe"/>).
/// </summary>
public sealed class Subscriptions(
    IBulletinStore store,
    ITargetStore targets,
    IOutbox outbox,
    IEnumerable<IChatChannel> channels,
    TimeProvider time)
{
    private const int MaxScanned = 5000;

    private readonly HashSet<string> _platforms = channels.Select(c => c.Platform.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether announcements can reach a chat of <paramref name="platform"/> from this bot.</summary>
    public bool Serves(string platform) => _platforms.Contains(platform);

    /// <summary>Subscribes the chat; returns the subscription and how many items its backfill queued.</summary>
    public (AnnouncementTarget Target, int Queued) Subscribe(ChatContext chat, AnnouncementFilter filter, SubscriptionBackfill backfill)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(backfill);
        var now = time.GetUtcNow();
        var items = Backfill(filter, backfill, DateOnly.FromDateTime(now.UtcDateTime));
        var target = outbox.Subscribe(new DeliveryTarget(chat.Platform, chat.ChatId), filter.Text, items.Select(b => b.Id).ToList(), now, chat.Language);
        return (target, items.Count);
    }

    public IReadOnlyList<AnnouncementTarget> Of(ChatContext chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return targets.SubscriptionsOf(chat.Platform, chat.ChatId);
    }

    /// <summary>Ends the chat's <paramref name="number"/>th subscription (as <c>subscriptions</c> numbers them); null when there is none.</summary>
    public AnnouncementTarget? Unsubscribe(ChatContext chat, int number)
    {
        var own = Of(chat);
        if (number < 1 || number > own.Count)
        {
            return null;
        }

        targets.Retire(own[number - 1].Key);
        return own[number - 1];
    }

    /// <summary>Every target with its delivered and pending counts, and the outbox depth.</summary>
    public AnnouncementStatistics Statistics() => new(
        targets.All()
            .Where(t => t.Active || outbox.Counts(t.Key).Pending > 0)
            .Select(t => new TargetStatistics(
                t.Destination.Platform, t.Destination.ChatId, t.Destination.ThreadId, t.Origin, t.Filter, t.Delivered, outbox.Counts(t.Key).Pending, t.DisabledReason))
            .ToList(),
        outbox.Depth());

    /// <summary>The backfill's items, oldest first.</summary>
    private List<Bulletin> Backfill(AnnouncementFilter filter, SubscriptionBackfill backfill, DateOnly today)
    {
        var wanted = Math.Min(backfill.Last ?? SubscriptionBackfill.MaxItems, SubscriptionBackfill.MaxItems);
        if (backfill.Last is null && backfill.Since is null)
        {
            return [];
        }

        var found = new List<Bulletin>();
        string? after = null;
        var scanned = 0;
        while (found.Count < wanted && scanned < MaxScanned)
        {
            var page = backfill.Since is { } since && since <= today
                ? store.ByDate(new DateRange(since, today), after, 200)
                : backfill.Since is null ? store.Latest(after, 200) : [];
            if (page.Count == 0)
            {
                break;
            }

            scanned += page.Count;
            found.AddRange(page.Where(filter.Matches).Take(wanted - found.Count));
            after = BulletinStore.SortKey(page[^1]);
        }

        found.Reverse();
        return found;
    }
}

public sealed record TargetStatistics(
    string Platform, string ChatId, string? ThreadId, TargetOrigin Origin, string Filter, long Delivered, int Pending, string? DisabledReason);

public sealed record AnnouncementStatistics(IReadOnlyList<TargetStatistics> Targets, int OutboxDepth);
