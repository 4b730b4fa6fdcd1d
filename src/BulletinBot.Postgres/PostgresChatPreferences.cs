using BulletinBot.Core.Storage;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>Each chat's own choices in PostgreSQL, so a chat's language holds on whichever replica answers it.</summary>
public sealed class PostgresChatPreferences(NpgsqlDataSource dataSource) : IChatPreferences
{
    public string? LanguageOf(string chatKey)
    {
        using var command = dataSource.CreateCommand("SELECT language FROM bb_chat_preferences WHERE chat = $1");
        command.Parameters.AddWithValue(chatKey);
        return command.ExecuteScalar() as string;
    }

    public void SetLanguage(string chatKey, string? language)
    {
        using var command = language is null
            ? dataSource.CreateCommand("DELETE FROM bb_chat_preferences WHERE chat = $1")
            : dataSource.CreateCommand(
                "INSERT INTO bb_chat_preferences (chat, language) VALUES ($1, $2) ON CONFLICT (chat) DO UPDATE SET language = excluded.language");
        command.Parameters.AddWithValue(chatKey);
        if (language is not null)
        {
            command.Parameters.AddWithValue(language);
        }

        command.ExecuteNonQuery();
    }
}
