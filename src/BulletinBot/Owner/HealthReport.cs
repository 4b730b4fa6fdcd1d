using BulletinBot.Core.Announcing;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using BulletinBot.Postgres;
using Microsoft.Extensions.Options;

namespace BulletinBot.Owner;

/// <summary>
/// The health of a running bot, for the health verb and Docker's HEALTHCHECK: the store opens and
/// answers, each configured platform is connected, and the sources were read recently.
/// </summary>
internal sealed class HealthReport(
    IBulletinStore store,
    IngestionService ingestion,
    IOptions<IngestionOptions> options,
    IEnumerable<IPlatformStatus> platforms,
    TimeProvider time,
    Subscriptions? announcements = null,
    ChangeFeed? changes = null)
{
    public (bool Healthy, IReadOnlyList<string> Lines) Check()
    {
        var lines = new List<string>();
        var healthy = true;
        try
        {
            lines.Add($"store: ok, {store.Count()} items");
        }
        catch (StoreDamagedException damage)
        {
            healthy = false;
            lines.Add($"store: damaged, not served: {damage.Message}");
        }
        catch (Exception exception) when (exception is LiteDB.LiteException or IOException or StorageException or System.Data.Common.DbException)
        {
            healthy = false;
            lines.Add($"store: failing ({exception.Message.ReplaceLineEndings(" ")})");
        }

        // A round may take a while on a large source; three intervals without one is a stuck loop.
        var allowed = (options.Value.RescanInterval * 3) + TimeSpan.FromMinutes(1);
        if (ingestion.Paused is { } paused)
        {
            healthy = false;
            lines.Add($"ingest: paused, {paused}; free space on that disk");
        }
        else if (ingestion.LastCompleted is { } last && time.GetUtcNow() - last <= allowed)
        {
            lines.Add($"ingest: ok, last round {last:yyyy-MM-dd HH:mm:ss} UTC");
        }
        else
        {
            healthy = false;
            lines.Add(ingestion.LastCompleted is { } stale
                ? $"ingest: stale, last round {stale:yyyy-MM-dd HH:mm:ss} UTC"
                : "ingest: no round has completed yet");
        }

        foreach (var platform in platforms)
        {
            healthy &= platform.IsConnected;
            lines.Add($"{platform.Platform}: {(platform.IsConnected ? "connected" : "not connected")}{(platform.Detail.Length > 0 ? $" ({platform.Detail})" : string.Empty)}");
        }

        // A target a platform refused is the operator's to fix, not a sick bot: reported, health unchanged.
        AnnouncementStatistics? statistics = null;
        try
        {
            statistics = announcements?.Statistics();
        }
        catch (Exception exception) when (exception is LiteDB.LiteException or IOException or StorageException || StoreDamage.Classify(exception) is not null)
        {
            lines.Add("announcements: unknown, the store did not answer");
        }

        if (statistics is not null)
        {
            var disabled = statistics.Targets.Where(t => t.DisabledReason is not null).ToList();
            lines.Add($"announcements: {statistics.Targets.Count} targets, {statistics.OutboxDepth} pending, {disabled.Count} disabled"
                + string.Concat(disabled.Select(t => $"; {t.Platform} {t.ChatId} disabled: {t.DisabledReason}")));
            lines.Add(OutboxLine(statistics));
        }

        return (healthy, lines);
    }

    /// <summary>
    /// The replicas on PostgreSQL, as the shared database sees them: healthy while some replica leads (reads the sources
    /// and dispatches the outbox). <c>outbox: idle</c> has the same meaning as on the embedded store. With Discord on,
    /// which replica runs each shard (<paramref name="discordShards"/>, by shard id): a replica that runs none stands by
    /// and is no fault, and a shard nobody runs is reported without failing the check, since another replica identifies
    /// it within a minute and failing every replica's check at once would only have them all restarted.
    /// </summary>
    public static (bool Healthy, IReadOnlyList<string> Lines) OfReplicas(ReplicaHealth health, IReadOnlyList<string?>? discordShards = null)
    {
        ArgumentNullException.ThrowIfNull(health);
        var lines = new List<string>
        {
            $"store: ok, {health.Items} items (PostgreSQL)",
            health.AnnouncementsRead is { } read
                ? $"changes: head {health.Head}, announcements read to {read}"
                : $"changes: head {health.Head}, announcements not started",
            health.OutboxIdle
                ? "outbox: idle"
                : $"outbox: busy, {health.Pending} to deliver{(health.Unread > 0 || health.AnnouncementsRead is null ? ", stored changes not read yet" : "")}",
            health.Leader is { } leader ? $"leader: {leader}" : "leader: none (no replica holds the leader lease)",
        };
        if (discordShards is { Count: > 0 })
        {
            lines.Add(DiscordShardsLine(discordShards));
        }

        return (health.Leader is not null, lines);
    }

    private static string DiscordShardsLine(IReadOnlyList<string?> holders)
    {
        var run = holders.Select((holder, shard) => (holder, shard)).Where(h => h.holder is not null)
            .GroupBy(h => h.holder!, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(h => h.shard))}");
        var idle = holders.Select((holder, shard) => (holder, shard)).Where(h => h.holder is null).Select(h => h.shard).ToList();
        return $"discord: {holders.Count - idle.Count} of {holders.Count} shards run ({string.Join("; ", run)})"
            + (idle.Count == 0 ? string.Empty : $"; shard {string.Join(", ", idle)} run by no replica yet (a replica identifies it within a minute)");
    }

    /// <summary>
    /// Idle: every stored change was read into the outbox and no row is left for the dispatcher (rows of a disabled
    /// target wait for the operator, not for it), so nothing more goes out until something new is stored.
    /// </summary>
    private string OutboxLine(AnnouncementStatistics statistics)
    {
        var due = statistics.Targets.Where(t => t.DisabledReason is null).Sum(t => t.Pending);
        bool unread;
        try
        {
            unread = changes?.Pending(OutboxFeeder.Consumer, 1).Count > 0;
        }
        catch (Exception exception) when (exception is LiteDB.LiteException or IOException or StorageException || StoreDamage.Classify(exception) is not null)
        {
            return "outbox: unknown, the store did not answer";
        }

        return due == 0 && !unread ? "outbox: idle" : $"outbox: busy, {due} to deliver{(unread ? ", stored changes not read yet" : "")}";
    }
}
