using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Update claims in the bot's own store, the collection <c>platform_claims</c>: one document per claimed update,
/// whose unique id makes a second claim fail. Claims older than <see cref="IPlatformUpdateClaims.KeptFor"/> are
/// deleted now and then.
/// </summary>
public sealed class LitePlatformUpdateClaims(BulletinDatabase database, TimeProvider time) : IPlatformUpdateClaims
{
    public const string Collection = "platform_claims";

    private const int PruneEvery = 256;
    private int claims;

    public LitePlatformUpdateClaims(BulletinDatabase database)
        : this(database, TimeProvider.System)
    {
    }

    public bool TryClaim(string stream, long id) => Claim(stream, id, keep: null);

    public bool TryClaim(string stream, PlatformUpdate keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return Claim(stream, keep.Id, keep);
    }

    private bool Claim(string stream, long id, PlatformUpdate? keep)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var collection = database.Database.GetCollection(Collection);
        var now = time.GetUtcNow().UtcDateTime;
        if (Interlocked.Increment(ref claims) % PruneEvery == 0)
        {
            var before = now - IPlatformUpdateClaims.KeptFor;
            collection.DeleteMany(Query.LT("at", before));
        }

        bool claimed;
        try
        {
            claimed = database.InTransaction(() =>
            {
                var inserted = collection.Insert(new BsonDocument { ["_id"] = $"{stream}:{id}", ["at"] = now }) is not null;
                if (inserted && keep is not null)
                {
                    LitePlatformOffsets.Keep(database, stream, keep);
                }

                return inserted;
            });
        }
        catch (LiteException exception) when (exception.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            return false;
        }

        database.WaitDurable();
        return claimed;
    }
}
