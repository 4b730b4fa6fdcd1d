using System.Text.Json.Nodes;

namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>Updates as Telegram sends them (the fields the Bot API documents), for the fake to queue.</summary>
public static class FakeUpdates
{
    public const long UserId = 4242;
    public const long PrivateChat = 4242;
    public const long GroupChat = -100777;

    private static int messageId = 5000;

    public static JsonObject Private(string text) => Message(PrivateChat, "private", text);

    public static JsonObject Group(string text, bool replyToBot = false) => Message(GroupChat, "supergroup", text, replyToBot);

    public static JsonObject Message(long chatId, string chatType, string text, bool replyToBot = false)
    {
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref messageId),
            ["date"] = 1_700_000_000,
            ["chat"] = Chat(chatId, chatType),
            ["from"] = User(),
            ["text"] = text,
        };
        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ') is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
        }

        if (replyToBot)
        {
            message["reply_to_message"] = new JsonObject
            {
                ["message_id"] = 1,
                ["date"] = 1_700_000_000,
                ["chat"] = Chat(chatId, chatType),
                ["from"] = new JsonObject { ["id"] = FakeBotApi.BotId, ["is_bot"] = true, ["first_name"] = "Bulletin Test", ["username"] = FakeBotApi.BotUsername },
                ["text"] = "an earlier answer",
            };
        }

        return new JsonObject { [chatType == "channel" ? "channel_post" : "message"] = message };
    }

    public static JsonObject Callback(long chatId, int messageId, string data) => new()
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = $"cb{Interlocked.Increment(ref FakeUpdates.messageId)}",
            ["from"] = User(),
            ["chat_instance"] = "ci1",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = 1_700_000_000,
                ["chat"] = Chat(chatId, chatId == PrivateChat ? "private" : "supergroup"),
                ["text"] = "a listing",
            },
        },
    };

    public static JsonObject Inline(string query, string offset = "") => new()
    {
        ["inline_query"] = new JsonObject
        {
            ["id"] = $"iq{Interlocked.Increment(ref messageId)}",
            ["from"] = User(),
            ["query"] = query,
            ["offset"] = offset,
        },
    };

    private static JsonObject Chat(long id, string type) => type == "private"
        ? new JsonObject { ["id"] = id, ["type"] = type, ["first_name"] = "Ana" }
        : new JsonObject { ["id"] = id, ["type"] = type, ["title"] = "News room" };

    private static JsonObject User() => new() { ["id"] = UserId, ["is_bot"] = false, ["first_name"] = "Ana", ["language_code"] = "en" };
}
