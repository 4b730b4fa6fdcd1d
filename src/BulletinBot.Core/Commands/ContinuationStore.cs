using LiteDB;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Commands;

/// <summary>
/// Remembers where each chat's listings stop, so "next" (typed, or a button's token) resumes them,
/// also after a restart. Entries expire after a day.
/// </summary>
public sealed class ContinuationStore(BulletinDatabase database, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private readonly ILiteCollection<BsonDocument> _collection = database.Database.GetCollection(BulletinDatabase.Continuations);

    public string Save(ChatContext chat, Continuation continuation)
    {
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var now = time.GetUtcNow().UtcDateTime;
        _collection.Insert(new BsonDocument
        {
            ["_id"] = token,
            ["chat"] = chat.Key,
            ["kind"] = continuation.Kind,
            ["argument"] = continuation.Argument,
            ["offset"] = continuation.Offset,
            ["size"] = continuation.PageSize,
            ["created"] = now,
            ["expires"] = now + Lifetime,
        });
        _collection.Upsert(new BsonDocument
        {
            ["_id"] = CurrentKey(chat),
            ["chat"] = chat.Key,
            ["token"] = token,
            ["expires"] = now + Lifetime,
        });
        _collection.DeleteMany(Query.LT("expires", now));
        return token;
    }

    /// <summary>Forgets the chat's current listing, so a bare "next" after a last page says there is nothing more.</summary>
    public void Finish(ChatContext chat) => _collection.Delete(CurrentKey(chat));

    private static string CurrentKey(ChatContext chat) => "current:" + chat.Key;

    /// <summary>The continuation that <paramref name="token"/> names, or the chat's newest one when it is null.</summary>
    public Continuation? Find(ChatContext chat, string? token)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (token is not null && (token.Length != 8 || !token.All(char.IsAsciiHexDigit)))
        {
            return null;
        }

        token ??= _collection.FindById(CurrentKey(chat))?["token"].AsString;
        var document = token is null ? null : _collection.FindById(token.Trim().ToLowerInvariant());
        if (document is null || document["chat"].AsString != chat.Key || document["expires"].AsDateTime < now)
        {
            return null;
        }

        return new Continuation(document["kind"].AsString, document["argument"].AsString, document["offset"].AsInt32, document["size"].AsInt32);
    }
}

/// <summary>A listing to resume: which command, with what argument, from which item.</summary>
public sealed record Continuation(string Kind, string Argument, int Offset, int PageSize);
