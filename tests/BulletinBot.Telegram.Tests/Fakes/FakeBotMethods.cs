using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>The Bot API methods the bot uses, each checked against the limits Telegram documents.</summary>
internal static partial class FakeBotMethods
{
    public const int MaxTextLength = 4096;

    public static (int Status, JsonNode? Result, string? Error) Answer(FakeBotApi fake, ApiCall call, JsonObject body) => call.Method switch
    {
        "getMe" => Ok(new JsonObject
        {
            ["id"] = FakeBotApi.BotId,
            ["is_bot"] = true,
            ["first_name"] = "Bulletin Test",
            ["username"] = FakeBotApi.BotUsername,
            ["supports_inline_queries"] = true,
        }),
        "setWebhook" => fake.SetWebhook(body),
        "deleteWebhook" => fake.DeleteWebhook(),
        "answerCallbackQuery" => Ok(true),
        "getChatMember" => Ok(Member(fake.GroupAdmins.Contains(body["user_id"]?.ToString() ?? ""), body["user_id"])),
        "setMyCommands" => fake.RefuseCommands ? BadRequest("Bad Request: commands are refused here") : Commands(body),
        "sendMessage" => Send(fake, call, body),
        "sendPhoto" => SendPhoto(fake, call, body),
        "editMessageText" => Edit(body),
        "answerInlineQuery" => Inline(body),
        _ => (404, null, "Not Found: method not found"),
    };

    private static (int, JsonNode?, string?) Ok(JsonNode result) => (200, result, null);

    /// <summary>A ChatMember as Telegram sends it: an administrator with its rights, or a plain member.</summary>
    private static JsonObject Member(bool admin, JsonNode? userId)
    {
        var member = new JsonObject
        {
            ["status"] = admin ? "administrator" : "member",
            ["user"] = new JsonObject { ["id"] = userId?.DeepClone(), ["is_bot"] = false, ["first_name"] = "Member" },
        };
        if (admin)
        {
            foreach (var right in (string[])["can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
                "can_edit_stories", "can_delete_stories"])
            {
                member[right] = right == "can_manage_chat";
            }
        }

        return member;
    }

    private static (int, JsonNode?, string?) BadRequest(string description) => (400, null, description);

    private static (int, JsonNode?, string?) Send(FakeBotApi fake, ApiCall call, JsonObject body)
    {
        var chat = body["chat_id"]?.ToString();
        if (chat is null)
        {
            return BadRequest("Bad Request: chat_id is empty");
        }

        if (fake.MissingChats.Contains(chat))
        {
            return BadRequest("Bad Request: chat not found");
        }

        if (fake.KickedChats.Contains(chat))
        {
            return (403, null, "Forbidden: bot was kicked from the group chat");
        }

        if (fake.BlockingChats.Contains(chat))
        {
            return (403, null, "Forbidden: bot was blocked by the user");
        }

        return CheckMessage(body) ?? Ok(Message(call.MessageId, body, chat));
    }

    /// <summary>The chat a send goes to, or Telegram's refusal for it.</summary>
    private static (int, JsonNode?, string?)? CheckChat(FakeBotApi fake, string? chat) =>
        chat is null ? BadRequest("Bad Request: chat_id is empty")
        : fake.MissingChats.Contains(chat) ? BadRequest("Bad Request: chat not found")
        : fake.KickedChats.Contains(chat) ? (403, null, "Forbidden: bot was kicked from the group chat")
        : fake.BlockingChats.Contains(chat) ? (403, null, "Forbidden: bot was blocked by the user")
        : null;

    private static (int, JsonNode?, string?) Edit(JsonObject body)
    {
        if (body["chat_id"] is null || body["message_id"] is null)
        {
            return BadRequest("Bad Request: message to edit not found");
        }

        return CheckMessage(body) ?? Ok(Message((int)body["message_id"]!, body, body["chat_id"]!.ToString()));
    }

    private static (int, JsonNode?, string?)? CheckMessage(JsonObject body)
    {
        var text = (string?)body["text"] ?? "";
        return CheckText(text, (string?)body["parse_mode"]) is { } problem
            ? BadRequest(problem)
            : CheckKeyboard(body["reply_markup"]) is { } keyboard ? BadRequest(keyboard) : null;
    }

    /// <summary>Telegram counts the length after the entities are parsed; the raw HTML is checked too, as ours must fit anyway.</summary>
    public static string? CheckText(string text, string? parseMode)
    {
        if (text.Length == 0)
        {
            return "Bad Request: message text is empty";
        }

        var length = text.Length;
        if (string.Equals(parseMode, "HTML", StringComparison.OrdinalIgnoreCase))
        {
            if (!TelegramHtml.TryParse(text, out length, out var error))
            {
                return $"Bad Request: can't parse entities: {error}";
            }

            if (text.Length > MaxTextLength)
            {
                return "Bad Request: message is too long";
            }
        }

        return length > MaxTextLength ? "Bad Request: message is too long" : null;
    }

    private static string? CheckKeyboard(JsonNode? markup)
    {
        if (markup?["inline_keyboard"] is not JsonArray rows)
        {
            return null;
        }

        foreach (var button in rows.OfType<JsonArray>().SelectMany(row => row.OfType<JsonObject>()))
        {
            if (string.IsNullOrEmpty((string?)button["text"]))
            {
                return "Bad Request: text buttons are unallowed in the inline keyboard";
            }

            if ((string?)button["callback_data"] is { } data && (data.Length == 0 || Encoding.UTF8.GetByteCount(data) > 64))
            {
                return "Bad Request: BUTTON_DATA_INVALID";
            }
        }

        return null;
    }

    private static (int, JsonNode?, string?) Inline(JsonObject body)
    {
        if (body["results"] is not JsonArray results || results.Count > 50)
        {
            return BadRequest("Bad Request: RESULTS_TOO_MUCH");
        }

        if ((string?)body["next_offset"] is { } next && Encoding.UTF8.GetByteCount(next) > 64)
        {
            return BadRequest("Bad Request: next_offset is too long");
        }

        var ids = new HashSet<string>();
        foreach (var result in results.OfType<JsonObject>())
        {
            var id = (string?)result["id"] ?? "";
            if (id.Length == 0 || Encoding.UTF8.GetByteCount(id) > 64 || !ids.Add(id))
            {
                return BadRequest("Bad Request: RESULT_ID_INVALID");
            }

            if (string.IsNullOrEmpty((string?)result["title"]))
            {
                return BadRequest("Bad Request: RESULT_TITLE_EMPTY");
            }

            var content = result["input_message_content"];
            if (CheckText((string?)content?["message_text"] ?? "", (string?)content?["parse_mode"]) is { } problem)
            {
                return BadRequest(problem);
            }

            if (CheckKeyboard(result["reply_markup"]) is { } keyboard)
            {
                return BadRequest(keyboard);
            }
        }

        return Ok(true);
    }

    private static (int, JsonNode?, string?) Commands(JsonObject body)
    {
        if (body["commands"] is not JsonArray commands || commands.Count is 0 or > 100)
        {
            return BadRequest("Bad Request: commands must be 1 to 100");
        }

        foreach (var command in commands.OfType<JsonObject>())
        {
            var name = (string?)command["command"] ?? "";
            var description = (string?)command["description"] ?? "";
            if (!CommandName().IsMatch(name) || description.Length is 0 or > 256)
            {
                return BadRequest($"Bad Request: BOT_COMMAND_INVALID ({name})");
            }
        }

        return Ok(true);
    }

    private static JsonObject Message(int messageId, JsonObject body, string chat) => new()
    {
        ["message_id"] = messageId,
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["chat"] = long.TryParse(chat, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? new JsonObject { ["id"] = id, ["type"] = id > 0 ? "private" : "supergroup" }
            : new JsonObject { ["id"] = -1001, ["type"] = "channel", ["username"] = chat.TrimStart('@') },
        ["from"] = new JsonObject { ["id"] = FakeBotApi.BotId, ["is_bot"] = true, ["first_name"] = "Bulletin Test", ["username"] = FakeBotApi.BotUsername },
        ["text"] = (string?)body["text"],
    };

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandName();
}
