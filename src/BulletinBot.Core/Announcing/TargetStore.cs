using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// The announcement targets in the store: the configured ones (synchronised with the settings at
/// start) and the subscriptions chats made, with what was delivered to each and whether a platform
/// refused it for good.
/// </summary>
public sealed class TargetStore : ITargetStore
{
    internal const string Collection = "targets";
    private const string SubscriptionCounter = "subscriptions:last";

    private readonly BulletinDatabase _database;
    private readonly CheckpointStore _checkpoints;
    private readonly ILiteCollection<BsonDocument> _targets;

    public TargetStore(BulletinDatabase database, CheckpointStore checkpoints)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _checkpoints = checkpoints;
        _targets = database.Database.GetCollection(Collection);
        _targets.EnsureIndex("chat", "$.chat");
    }

    /// <summary>
    /// Makes the configured targets those of <paramref name="configured"/>: new ones are added, known
    /// ones keep their counts, and ones no longer configured take no new rows; what they have pending
    /// is still delivered. A configured target a platform refused is enabled again, since a start is
    /// when an operator who put the bot back into a channel expects it to try; returns those, with the
    /// reason they were refused. If the platform still refuses, the first message disables it again.
    /// </summary>
    public IReadOnlyList<AnnouncementTarget> SyncConfigured(IReadOnlyList<(DeliveryTarget Destination, string Filter)> configured, DateTimeOffset now)
    {
        var enabledAgain = new List<AnnouncementTarget>();
        ArgumentNullException.ThrowIfNull(configured);
        var wanted = configured.ToDictionary(c => AnnouncementTarget.ConfiguredKey(c.Destination), c => c, StringComparer.Ordinal);
        _database.InTransaction(() =>
        {
            foreach (var document in _targets.Find(Query.EQ("origin", nameof(TargetOrigin.Configured))).ToList())
            {
                if (!wanted.ContainsKey(document["_id"].AsString) && document["active"].AsBoolean)
                {
                    document["active"] = false;
                    _targets.Update(document);
                }
            }

            foreach (var (key, (destination, filter)) in wanted)
            {
                var document = _targets.FindById(key) ?? ToDocument(new AnnouncementTarget(key, TargetOrigin.Configured, destination, filter, true, null, 0, now));
                if (!document["disabled"].IsNull)
                {
                    enabledAgain.Add(FromDocument(document));
                    document["disabled"] = BsonValue.Null;
                }

                document["filter"] = filter;
                document["active"] = true;
                _targets.Upsert(document);
            }
        });
        return enabledAgain;
    }

    /// <summary>Adds a subscription; call inside the transaction that also queues its backfill.</summary>
    internal AnnouncementTarget AddSubscription(DeliveryTarget destination, string filter, DateTimeOffset now, string? language = null)
    {
        var number = _checkpoints.Get(SubscriptionCounter) + 1;
        _checkpoints.Set(SubscriptionCounter, number);
        var target = new AnnouncementTarget(AnnouncementTarget.SubscriptionKey(number), TargetOrigin.Subscription, destination, filter, true, null, 0, now)
        {
            Language = language,
        };
        _targets.Insert(ToDocument(target));
        return target;
    }

    /// <summary>A chat's own subscriptions, oldest first; the numbers <c>subscriptions</c> shows are positions in this list.</summary>
    public IReadOnlyList<AnnouncementTarget> SubscriptionsOf(string platform, string chatId) =>
        _targets.Find(Query.EQ("chat", chatId))
            .Select(FromDocument)
            .Where(t => t.Origin == TargetOrigin.Subscription && t.Active && t.Destination.Platform == platform)
            .OrderBy(t => t.Created)
            .ThenBy(t => SubscriptionNumber(t.Key))
            .ToList();

    /// <summary>Ends a subscription: it takes no new rows; rows already queued are still delivered.</summary>
    public void Retire(string key)
    {
        if (_targets.FindById(key) is { } document)
        {
            document["active"] = false;
            _targets.Update(document);
        }
    }

    public AnnouncementTarget? Get(string key) => _targets.FindById(key) is { } document ? FromDocument(document) : null;

    public IReadOnlyList<AnnouncementTarget> All() => _targets.FindAll().Select(FromDocument).ToList();

    /// <summary>The platform refused this target for good: it gets nothing more until it is enabled again.</summary>
    public void Disable(string key, string reason)
    {
        if (_targets.FindById(key) is { } document)
        {
            document["disabled"] = reason;
            _targets.Update(document);
        }
    }

    internal void AddDelivered(string key, int count)
    {
        if (_targets.FindById(key) is { } document)
        {
            document["delivered"] = document["delivered"].AsInt64 + count;
            _targets.Update(document);
        }
    }

    private static long SubscriptionNumber(string key) =>
        long.TryParse(key.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;

    private static BsonDocument ToDocument(AnnouncementTarget target) => new()
    {
        ["_id"] = target.Key,
        ["origin"] = target.Origin.ToString(),
        ["platform"] = target.Destination.Platform,
        ["chat"] = target.Destination.ChatId,
        ["thread"] = target.Destination.ThreadId is { } thread ? thread : BsonValue.Null,
        ["filter"] = target.Filter,
        ["active"] = target.Active,
        ["disabled"] = target.DisabledReason is { } reason ? reason : BsonValue.Null,
        ["delivered"] = target.Delivered,
        ["created"] = target.Created.UtcDateTime,
        ["language"] = target.Language is { } language ? language : BsonValue.Null,
    };

    internal static AnnouncementTarget FromDocument(BsonDocument document) => new(
        document["_id"].AsString,
        Enum.Parse<TargetOrigin>(document["origin"].AsString),
        new DeliveryTarget(document["platform"].AsString, document["chat"].AsString, document["thread"].IsNull ? null : document["thread"].AsString),
        document["filter"].AsString,
        document["active"].AsBoolean,
        document["disabled"].IsNull ? null : document["disabled"].AsString,
        document["delivered"].AsInt64,
        new DateTimeOffset(document["created"].AsDateTime.ToUniversalTime()))
    {
        // A subscription made before languages were kept has none: it reads as English.
        Language = document["language"] is { IsString: true } language ? language.AsString : null,
    };
}
