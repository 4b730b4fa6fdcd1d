using System.Globalization;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Core.Export;

/// <summary>An item as the store keeps it: its change number, when it was first stored and last changed, and whether it was edited.</summary>
public sealed record ExportedItem(Bulletin Bulletin, long Sequence, DateTimeOffset FirstSeen, DateTimeOffset Updated, bool Edited);

/// <summary>One outbox row whole: what <see cref="OutboxRow"/> carries, and whether it is pending, its last error and its delivery.</summary>
public sealed record ExportedOutboxRow(
    long Number,
    string TargetKey,
    string BulletinId,
    bool Edit,
    bool Pending,
    DateTimeOffset Due,
    int Attempts,
    string? Batch,
    int? BatchSize,
    string? Error,
    DateTimeOffset? Sent,
    string? MessageId);

/// <summary>An update of a platform's stream taken and not answered yet (see <see cref="IPlatformOffsets"/>).</summary>
public sealed record ExportedUpdate(string Stream, PlatformUpdate Update);

/// <summary>A web source's conditional-GET validators (ETag as sent, Last-Modified), by the source's URL.</summary>
public sealed record ExportedValidator(string Url, string? ETag, DateTimeOffset? LastModified);

/// <summary>A platform update some process took (see <see cref="IPlatformUpdateClaims"/>), and when.</summary>
public sealed record ExportedClaim(string Stream, long Id, DateTimeOffset Claimed);

/// <summary>
/// Everything a LiteDB store holds that another store of record must hold too, read for moving it to a database
/// server: the items with their change numbers and sources, the sources' states, the named checkpoints (the consumers'
/// positions, the outbox's and subscriptions' counters, the platforms' offsets), the announcement targets with their
/// languages, every outbox row, the platforms' unanswered and claimed updates, the chats' languages and the web
/// sources' validators. Listing pages (they expire within a day) are left out. The caller holds the store alone while
/// it reads.
/// </summary>
public sealed class StoreExport(BulletinDatabase database)
{
    private readonly BulletinStore _store = new(database, TimeProvider.System);

    private ILiteCollection<BsonDocument> Collection(string name) => database.Database.GetCollection(name);

    /// <summary>The store's own name (see <see cref="BulletinStore.Identity"/>): what a copy of it is known by.</summary>
    public string Identity() => _store.Identity();

    /// <summary>The newest change number; the copy's change sequence continues above it.</summary>
    public long LastSequence() => _store.LastSequence();

    public int ItemCount() => _store.Count();

    /// <summary>Every item, streamed in id order.</summary>
    public IEnumerable<ExportedItem> Items() =>
        Collection(BulletinDatabase.Bulletins).FindAll().Select(document => new ExportedItem(
            BulletinStore.FromDocument(document),
            document["seq"].AsInt64,
            Utc(document["firstSeen"]),
            Utc(document["updated"]),
            document["edited"].IsBoolean && document["edited"].AsBoolean));

    public IReadOnlyList<SourceState> Sources() =>
        Collection(BulletinDatabase.Sources).FindAll()
            .Select(d => new SourceState(d["_id"].AsString, d["hash"].AsString, d["items"].AsInt32, Utc(d["at"])))
            .ToList();

    /// <summary>Every named number, by name.</summary>
    public IReadOnlyDictionary<string, long> Checkpoints() =>
        Collection(BulletinDatabase.Checkpoints).FindAll()
            .ToDictionary(d => d["_id"].AsString, d => d["value"].AsInt64, StringComparer.Ordinal);

    public IReadOnlyList<AnnouncementTarget> Targets() => Collection(TargetStore.Collection).FindAll().Select(TargetStore.FromDocument).ToList();

    /// <summary>Every outbox row, delivered or pending, by number: the numbers are kept, so nothing is sent twice or skipped.</summary>
    public IEnumerable<ExportedOutboxRow> Outbox() =>
        Collection(Announcing.Outbox.Collection).FindAll().Select(d => new ExportedOutboxRow(
            d["_id"].AsInt64,
            d["target"].AsString,
            d["item"].AsString,
            d["edit"].AsBoolean,
            d["pending"].AsBoolean,
            Utc(d["due"]),
            d["attempts"].AsInt32,
            Text(d["batch"]),
            d["size"].IsNumber ? d["size"].AsInt32 : null,
            Text(d["error"]),
            d["sent"].IsDateTime ? Utc(d["sent"]) : null,
            Text(d["message"])));

    /// <summary>The unanswered updates of every platform stream (the collections "{stream}_inbox").</summary>
    public IReadOnlyList<ExportedUpdate> Unanswered()
    {
        const string suffix = "_inbox";
        return database.Database.GetCollectionNames()
            .Where(name => name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            .SelectMany(name => new LitePlatformOffsets(database, new CheckpointStore(database))
                .Unfinished(name[..^suffix.Length])
                .Select(update => new ExportedUpdate(name[..^suffix.Length], update)))
            .ToList();
    }

    /// <summary>Each chat's chosen language, by chat key.</summary>
    public IReadOnlyDictionary<string, string> Languages() =>
        Collection(ChatPreferenceStore.Collection).FindAll()
            .Where(d => d["language"].IsString)
            .ToDictionary(d => d["_id"].AsString, d => d["language"].AsString, StringComparer.Ordinal);

    /// <summary>Each web source's validators, by URL.</summary>
    public IReadOnlyList<ExportedValidator> Validators() =>
        Collection(BulletinDatabase.Validators).FindAll()
            .Select(d => new ExportedValidator(d["_id"].AsString, Text(d["etag"]), d["modified"].IsDateTime ? Utc(d["modified"]) : null))
            .ToList();

    /// <summary>The platform updates claimed, each kept as "{stream}:{id}".</summary>
    public IReadOnlyList<ExportedClaim> Claims()
    {
        var claims = new List<ExportedClaim>();
        foreach (var document in Collection(LitePlatformUpdateClaims.Collection).FindAll())
        {
            var key = document["_id"].AsString;
            var colon = key.LastIndexOf(':');
            if (colon > 0 && long.TryParse(key.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            {
                claims.Add(new ExportedClaim(key[..colon], id, Utc(document["at"])));
            }
        }

        return claims;
    }

    private static DateTimeOffset Utc(BsonValue value) => new(value.AsDateTime.ToUniversalTime());

    private static string? Text(BsonValue value) => value.IsString ? value.AsString : null;
}
