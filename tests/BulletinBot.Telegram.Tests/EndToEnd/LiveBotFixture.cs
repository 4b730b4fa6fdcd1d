using System.Text.Json.Nodes;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>One fake Bot API and one running bot shared by the chat cases, which run one after another.</summary>
public sealed class LiveBotFixture : IAsyncLifetime
{
    private int markers;

    public FakeBotApi Fake { get; private set; } = null!;

    public TelegramHost Bot { get; private set; } = null!;

    public BotFolder Folder { get; } = new();

    public async Task InitializeAsync()
    {
        Fake = await FakeBotApi.StartAsync();
        Bot = await TelegramHost.StartAsync(Folder, Fake);
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

    /// <summary>
    /// Queues an update and waits until it was handled (or ignored): a chat answers its updates in order, so once a
    /// marker queued after it in the same chat is answered, everything the update caused was sent before.
    /// </summary>
    public async Task<IReadOnlyList<ApiCall>> HandledAsync(JsonObject update)
    {
        var before = Fake.LastSequence;
        Fake.Enqueue(update);
        var chat = (update["message"] ?? update["callback_query"]?["message"])!["chat"]!;
        var marker = $"zzmarker{Interlocked.Increment(ref markers)}";
        Fake.Enqueue(FakeUpdates.Message((long)chat["id"]!, (string)chat["type"]!, $"/search@{FakeBotApi.BotUsername} {marker}"));
        var answered = await Fake.WaitForAsync(c => c.Method == "sendMessage" && c.Text?.Contains(marker, StringComparison.Ordinal) == true, before);
        return [.. Fake.Calls.Where(c => c.Sequence > before && c.Sequence < answered.Sequence && c.Method != "getUpdates")];
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
