namespace BulletinBot.Core.Storage;

/// <summary>
/// What a chat chose for itself and the bot remembers across restarts: today its language (the language command).
/// Keyed by <see cref="Chats.ChatContext.Key"/>.
/// </summary>
public interface IChatPreferences
{
    /// <summary>The language the chat chose, or null when it chose none.</summary>
    string? LanguageOf(string chatKey);

    /// <summary>Remembers <paramref name="language"/> for the chat; null forgets the choice.</summary>
    void SetLanguage(string chatKey, string? language);
}
