using System.Security.Cryptography;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Remembers each page of each chat's listings, so "next" and "previous" (typed, or a button's token)
/// resume them, also after a restart. A page remembers where it starts: after the sort key of the
/// item before it (latest, date) or which items came before it (search), never an offset, so items
/// stored while someone pages are neither repeated nor skipped. Pages expire after a day; an expired
/// page is never answered, and the rows of expired pages are deleted at most once per
/// <see cref="SweepInterval"/> (a delete at every page was a query and a write per command).
/// </summary>
public sealed class ContinuationStore(BulletinDatabase database, TimeProvider time) : IContinuationStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    /// <summary>How often, at most, the rows of expired pages are deleted.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private readonly ILiteCollection<BsonDocument> _collection = database.Database.GetCollection(BulletinDatabase.Continuations);
    private long _lastSweepTicks = long.MinValue;

    /// <summary>The first page of a new listing.</summary>
    public ListingPage Start(string chatKey, string kind, string argument, int pageSize) => Save(chatKey, ListingPage.Begin(kind, argument, pageSize));

    /// <summary>The page after <paramref name="page"/>, which showed <paramref name="shown"/> ending with the item keyed <paramref name="after"/>.</summary>
    public ListingPage Continue(string chatKey, ListingPage page, string? after, IReadOnlyList<string> shown)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Save(chatKey, page.Next(after, shown));
    }

    /// <summary>Records what the chat sees now, so a bare "next" or "previous" knows where to go.</summary>
    public void SetCurrent(string chatKey, ListingPage page, ListingPage? next)
    {
        ArgumentNullException.ThrowIfNull(page);
        var now = time.GetUtcNow().UtcDateTime;
        _collection.Upsert(new BsonDocument
        {
            ["_id"] = CurrentKey(chatKey),
            ["chat"] = chatKey,
            ["page"] = page.Token,
            ["next"] = next?.Token is { } token ? token : BsonValue.Null,
            ["expires"] = now + Lifetime,
        });
        SweepExpired(now);
    }

    private void SweepExpired(DateTime now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (last != long.MinValue && now.Ticks - last < SweepInterval.Ticks)
        {
            return;
        }

        // One caller sweeps; the others go on (a sweep a moment late deletes the same rows).
        if (Interlocked.CompareExchange(ref _lastSweepTicks, now.Ticks, last) == last)
        {
            _collection.DeleteMany(Query.LT("expires", now));
        }
    }

    /// <summary>The page <paramref name="token"/> names in this chat, or null when it is unknown or has expired.</summary>
    public ListingPage? Find(string chatKey, string token)
    {
        var document = _collection.FindById(token);
        if (document is null || document["chat"].AsString != chatKey || document["expires"].AsDateTime.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
        {
            return null;
        }

        return new ListingPage(
            token,
            document["kind"].AsString,
            document["argument"].AsString,
            document["size"].AsInt32,
            document["first"].AsInt32,
            document["after"].IsNull ? null : document["after"].AsString,
            document["shown"].AsArray.Select(v => v.AsString).ToList(),
            document["prev"].IsNull ? null : document["prev"].AsString);
    }

    /// <summary>The token of the page the chat would see next, or of the page it sees now.</summary>
    public string? Current(string chatKey, bool next)
    {
        var document = _collection.FindById(CurrentKey(chatKey));
        if (document is null || document["expires"].AsDateTime.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
        {
            return null;
        }

        var value = document[next ? "next" : "page"];
        return value.IsNull ? null : value.AsString;
    }

    private ListingPage Save(string chatKey, ListingPage page)
    {
        var now = time.GetUtcNow().UtcDateTime;
        _collection.Insert(new BsonDocument
        {
            ["_id"] = page.Token,
            ["chat"] = chatKey,
            ["kind"] = page.Kind,
            ["argument"] = page.Argument,
            ["size"] = page.PageSize,
            ["first"] = page.First,
            ["after"] = page.After is { } after ? after : BsonValue.Null,
            ["shown"] = new BsonArray(page.Shown.Select(id => new BsonValue(id))),
            ["prev"] = page.Previous is { } previous ? previous : BsonValue.Null,
            ["expires"] = now + Lifetime,
        });
        return page;
    }

    private static string CurrentKey(string chatKey) => "current:" + chatKey;

}

/// <summary>
/// One page of a listing: which command, with what argument, how many items a page holds, the
/// number of its first item, where it starts, and the token of the page before it.
/// </summary>
public sealed record ListingPage(
    string Token,
    string Kind,
    string Argument,
    int PageSize,
    int First,
    string? After,
    IReadOnlyList<string> Shown,
    string? Previous)
{
    /// <summary>The first page of a new listing, under a new token; every store begins a listing this way.</summary>
    public static ListingPage Begin(string kind, string argument, int pageSize) =>
        new(NewToken(), kind, argument, pageSize, 1, null, [], null);

    /// <summary>The page after this one, which showed <paramref name="shown"/> ending with the item keyed <paramref name="after"/>.</summary>
    public ListingPage Next(string? after, IReadOnlyList<string> shown)
    {
        ArgumentNullException.ThrowIfNull(shown);

        // A search page remembers every item shown before it (ranks move as items arrive); a dated listing resumes by key.
        return new(NewToken(), Kind, Argument, PageSize, First + shown.Count, after, Kind == ListingKinds.Search ? [.. Shown, .. shown] : [], Token);
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}

/// <summary>The listings a page can belong to.</summary>
public static class ListingKinds
{
    public const string Latest = "latest";
    public const string Search = "search";
    public const string Date = "date";
}
