using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using BulletinBot.Core.Bulletins;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// A hash of an item's content, stored in its document. LiteDB 5 keeps no checksum of its pages, so a flipped byte in a
/// title or a paragraph would decode into a plausible, wrong item; salvage keeps an item only when its hash still
/// matches. Documents written before the hash existed are checked by what they repeat (the sort key).
/// </summary>
internal static class BulletinChecksum
{
    public const string Field = "sum";

    public static long Of(Bulletin bulletin)
    {
        var hash = new XxHash64();
        Append(hash, bulletin.Id);
        Append(hash, bulletin.Source);
        Append(hash, bulletin.Title);
        Append(hash, bulletin.Paragraphs.Count);
        foreach (var paragraph in bulletin.Paragraphs)
        {
            Append(hash, paragraph);
        }

        Append(hash, bulletin.Date?.DayNumber ?? -1);
        Append(hash, bulletin.EndDate?.DayNumber ?? -1);
        Append(hash, bulletin.Link);
        return (long)hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The item a salvaged document holds, or null when it is not whole: a field missing or of the wrong kind, or its hash off.</summary>
    public static Bulletin? Verified(BsonDocument document)
    {
        Bulletin bulletin;
        try
        {
            bulletin = BulletinStore.FromDocument(document);
        }
#pragma warning disable CA1031 // A document damaged into another shape throws whatever its accessors throw; it is not an item.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        if (bulletin.Id is not { Length: > 0 } || bulletin.Source is null || bulletin.Title is null
            || bulletin.Paragraphs.Any(p => p is null)
            || !document["sort"].IsString || document["sort"].AsString != BulletinStore.SortKey(bulletin))
        {
            return null;
        }

        // Without its hash (written before it existed, or its name damaged), a document is kept only with no name it should not have.
        var sum = document[Field];
        return sum.IsInt64 ? (sum.AsInt64 == Of(bulletin) ? bulletin : null)
            : document.Keys.All(Known.Contains) ? bulletin : null;
    }

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "_id", "sort", "seq", "source", "title", "paras", "day", "end", "link", "firstSeen", "updated", "edited",
    };

    /// <summary>Whether a document of an unknown collection has an item's shape.</summary>
    public static bool LooksLikeItem(BsonDocument document) =>
        document["_id"].IsString && document["sort"].IsString && document["title"].IsString && document["paras"].IsArray && document["source"].IsString;

    private static void Append(XxHash64 hash, string? text)
    {
        if (text is null)
        {
            Append(hash, -1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        Append(hash, bytes.Length);
        hash.Append(bytes);
    }

    private static void Append(XxHash64 hash, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        hash.Append(bytes);
    }
}
