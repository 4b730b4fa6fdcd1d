using System.Text.Json.Nodes;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>One fake Bot API and one running bot shared by the chat cases, which run one after another.</summary>
public sealed class LiveBotFixture : IAsyncLifetime
{
    public FakeBotApi Fake { get; private set; } = null!;

    public BotProcess Bot { get; private set; } = null!;

    public BotFolder Folder { get; } = new();

    public async Task InitializeAsync()
    {
        Fake = await FakeBotApi.StartAsync();
        Bot = await BotProcess.StartAsync(Folder, Fake);
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Fake.DisposeAsync();
        Folder.Dispose();
    }

    /// <summary>Queues an update and waits for the first call to <paramref name="method"/> it causes.</summary>
    public async Task<ApiCall> AskAsync(JsonObject update, string method = "sendMessage")
    {
        var before = Fake.LastSequence;
        Fake.Enqueue(update);
        return await Fake.WaitForAsync(method, before);
    }

    /// <summary>Queues an update and waits until the bot asked for the updates after it: it was handled (or ignored).</summary>
    public async Task<IReadOnlyList<ApiCall>> HandledAsync(JsonObject update)
    {
        var before = Fake.LastSequence;
        var id = Fake.Enqueue(update);
        var polled = await Fake.WaitForAsync(c => c.Method == "getUpdates" && (int?)c.Body["offset"] > id, before);
        return [.. Fake.Calls.Where(c => c.Sequence > before && c.Sequence < polled.Sequence && c.Method != "getUpdates")];
    }

    public static void AssertValid(ApiCall call)
    {
        var text = call.Text ?? (string?)call.Body["results"]?[0]?["input_message_content"]?["message_text"] ?? "";
        Assert.True(text.Length <= FakeBotMethods.MaxTextLength, $"{text.Length} characters");
        Assert.Null(FakeBotMethods.CheckText(text, (string?)call.Body["parse_mode"] ?? "HTML"));
    }

    public static IReadOnlyList<string> CallbackData(ApiCall call) =>
        [.. call.Body["reply_markup"]?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray())
            .Select(button => (string?)button!["callback_data"]).OfType<string>() ?? []];
}
