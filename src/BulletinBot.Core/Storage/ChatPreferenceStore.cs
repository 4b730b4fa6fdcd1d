using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>The chats' choices in the LiteDB store, one small document per chat that chose something.</summary>
public sealed class ChatPreferenceStore(BulletinDatabase database) : IChatPreferences
{
    public const string Collection = "chat_preferences";

    private readonly ILiteCollection<BsonDocument> _collection = database.Database.GetCollection(Collection);

    public string? LanguageOf(string chatKey) =>
        _collection.FindById(chatKey) is { } document && document["language"] is { IsString: true } language ? language.AsString : null;

    public void SetLanguage(string chatKey, string? language)
    {
        if (language is null)
        {
            _collection.Delete(chatKey);
            return;
        }

        _collection.Upsert(new BsonDocument { ["_id"] = chatKey, ["language"] = language });
    }
}
