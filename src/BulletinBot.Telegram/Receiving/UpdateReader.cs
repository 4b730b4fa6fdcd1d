using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Receiving;

/// <summary>Reads one update from JSON; a malformed one is reported, never thrown.</summary>
internal static class UpdateReader
{
    /// <summary>The longest text we read at all; Telegram's own limit is 4096.</summary>
    public const int MaxTextLength = 16_384;

    public static bool TryRead(JsonElement element, out int id, out Update? update, out string? problem)
    {
        update = null;
        problem = null;
        id = 0;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("update_id", out var idElement)
            || !idElement.TryGetInt32(out id))
        {
            problem = "no update_id";
            return false;
        }

        try
        {
            update = element.Deserialize<Update>(JsonBotAPI.Options);
        }
        catch (JsonException exception)
        {
            problem = $"unreadable JSON: {exception.Message}";
            return false;
        }

        problem = Check(update);
        return problem is null;
    }

    /// <summary>The fields our switch relies on; the library leaves a missing one null whatever its annotation says.</summary>
    private static string? Check(Update? update) => update switch
    {
        null => "empty",
        { Message: { } m } when m.Chat is null => "a message without chat",
        { Message.Text.Length: > MaxTextLength } => "a text longer than Telegram allows",
        { ChannelPost: { } p } when p.Chat is null => "a channel post without chat",
        { CallbackQuery: { } q } when q.Id is null || q.From is null => "a callback query without id or sender",
        { InlineQuery: { } q } when q.Id is null || q.From is null => "an inline query without id or sender",
        _ => null,
    };
}
