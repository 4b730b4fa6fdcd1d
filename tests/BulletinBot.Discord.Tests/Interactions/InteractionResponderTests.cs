using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Text;
using BulletinBot.Core.Chats;
using System.Text.Json;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Discord.Interactions;
using BulletinBot.Discord.Rendering;
using BulletinBot.Discord.Tests.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Discord.Tests.Interactions;

public sealed class InteractionResponderTests
{
    private const string Callback = "/interactions/{interaction_id}/{interaction_token}/callback";

    private static readonly ListReply Listing = new("Latest", [new BulletinCard("k3j9x2a", MarkedText.Plain("Talks resume"),
        new DateOnly(2018, 1, 1), null, "Embassy", MarkedText.Plain("Talks on migration resume."))],
        new ListPage(1, 1, 3, null, new ReplyAction(ReplyActionKind.NextPage, "1a2b3c4d")), []);

    internal static JsonElement Interaction(int type, object data, string id = "300000000000000001") =>
        JsonSerializer.SerializeToElement(new
        {
            id,
            application_id = "100000000000000001",
            type,
            token = "interaction-token-abc",
            channel_id = "400000000000000001",
            guild_id = "500000000000000001",
            member = new { user = new { id = "600000000000000001", username = "someone" }, permissions = "0" },
            data,
        });

    [Fact]
    public async Task A_quick_reply_is_the_first_answer_as_type_4()
    {
        await using var harness = await ClientHarness.StartAsync();
        var asked = new List<Command>();
        var responder = Responder(harness, (command, _) => { asked.Add(command); return Task.FromResult<Reply>(Listing); });

        await responder.RespondAsync(Interaction(2, new { name = "latest", options = new[] { new { name = "count", type = 4, value = 3 } } }), CancellationToken.None);

        Assert.Equal(new LatestCommand(3), Assert.Single(asked));
        var answer = Assert.Single(harness.Fake.Requests);
        Assert.Equal((Callback, 4), (answer.Template, answer.Body.GetProperty("type").GetInt32()));
        Assert.Empty(harness.Fake.Violations);
    }

    [Fact]
    public async Task A_slow_reply_is_deferred_then_written_into_the_original_message()
    {
        await using var harness = await ClientHarness.StartAsync();
        var slow = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var responder = Responder(harness, (_, _) => slow.Task);

        var responding = responder.RespondAsync(Interaction(2, new { name = "stats" }), CancellationToken.None);
        var deferred = await harness.Fake.WaitForRequestsAsync(r => r.Template == Callback, 1,
            whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(5, deferred[0].Body.GetProperty("type").GetInt32());
        Assert.True(deferred[0].At - ClientHarness.Start <= TimeSpan.FromSeconds(3), "the first answer must come within 3 s");

        slow.SetResult(new StatsReply(3, 0, new DateOnly(2018, 1, 1), new DateOnly(2018, 2, 1), []));
        await responding.WaitAsync(TimeSpan.FromSeconds(15));
        var edit = harness.Fake.Requests[^1];
        Assert.Equal(("PATCH", "webhooks/100000000000000001/interaction-token-abc/messages/@original"), (edit.Method, edit.Path));
        Assert.Empty(harness.Fake.Violations);
    }

    [Fact]
    public async Task A_paging_button_updates_the_message_in_place()
    {
        await using var harness = await ClientHarness.StartAsync();
        var asked = new List<string>();
        var responder = Responder(harness, text: (text, _) => { asked.Add(text); return Task.FromResult<Reply?>(Listing); });

        await responder.RespondAsync(Interaction(3, new { custom_id = "next 1a2b3c4d", component_type = 2 }), CancellationToken.None);

        Assert.Equal("next 1a2b3c4d", Assert.Single(asked));
        var update = Assert.Single(harness.Fake.Requests);
        Assert.Equal(7, update.Body.GetProperty("type").GetInt32());
        Assert.Empty(harness.Fake.Violations);
    }

    [Fact]
    public async Task A_button_from_an_expired_listing_answers_with_an_ephemeral_note()
    {
        await using var harness = await ClientHarness.StartAsync();
        var responder = Responder(harness, text: (_, _) =>
            Task.FromResult<Reply?>(new ErrorReply("That listing has expired.", "Run the command again.")));

        await responder.RespondAsync(Interaction(3, new { custom_id = "next 1a2b3c4d", component_type = 2 }), CancellationToken.None);

        var note = Assert.Single(harness.Fake.Requests).Body;
        Assert.Equal(4, note.GetProperty("type").GetInt32());
        Assert.Equal(DiscordMessage.Ephemeral, note.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains("expired", note.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Fake.Violations);
    }

    [Fact]
    public async Task Autocomplete_answers_with_choices_for_the_focused_option()
    {
        await using var harness = await ClientHarness.StartAsync();
        var responder = Responder(harness, suggest: (command, typed) => [new AutocompleteChoice($"{command}:{typed}", "k3j9x2a")]);

        await responder.RespondAsync(Interaction(4, new
        {
            name = "show",
            options = new[] { new { name = "id", type = 3, value = "k3j", focused = true } },
        }), CancellationToken.None);

        var answer = Assert.Single(harness.Fake.Requests).Body;
        Assert.Equal(8, answer.GetProperty("type").GetInt32());
        var choice = Assert.Single(answer.GetProperty("data").GetProperty("choices").EnumerateArray());
        Assert.Equal("show:k3j", choice.GetProperty("name").GetString());
        Assert.Empty(harness.Fake.Violations);
    }

    [Fact]
    public async Task A_long_item_is_answered_then_continued_in_follow_up_messages()
    {
        await using var harness = await ClientHarness.StartAsync();
        var item = new BulletinItem("k3j9x2a", "Long", null, null, "Embassy", [DiscordRendererTests.LongText(2500)]);
        var responder = Responder(harness, (_, _) => Task.FromResult<Reply>(new ItemReply(item)));

        await responder.RespondAsync(Interaction(2, new { name = "show", options = new[] { new { name = "id", type = 3, value = "k3j9x2a" } } }), CancellationToken.None);

        var requests = harness.Fake.Requests;
        Assert.True(requests.Count > 1);
        Assert.Equal(Callback, requests[0].Template);
        Assert.All(requests.Skip(1), r => Assert.Equal(("POST", "webhooks/100000000000000001/interaction-token-abc"), (r.Method, r.Path)));
        Assert.Empty(harness.Fake.Violations);
    }

    private static InteractionResponder Responder(
        ClientHarness harness,
        Func<Command, ChatContext, Task<Reply>>? command = null,
        Func<string, ChatContext, Task<Reply?>>? text = null,
        Func<string, string, IReadOnlyList<AutocompleteChoice>>? suggest = null) =>
        new(harness.Rest,
            new ScriptedConversation(command ?? ((_, _) => Task.FromResult<Reply>(Listing)), text ?? ((_, _) => Task.FromResult<Reply?>(Listing))),
            new ScriptedAutocomplete(suggest ?? ((_, _) => [])),
            harness.Clock,
            NullLogger<InteractionResponder>.Instance);

    private sealed class ScriptedConversation(
        Func<Command, ChatContext, Task<Reply>> command, Func<string, ChatContext, Task<Reply?>> text) : IConversation
    {
        public Task<Reply?> AnswerAsync(string typed, ChatContext chat, CancellationToken cancellationToken) => text(typed, chat);

        public Task<Reply> AnswerAsync(Command typed, ChatContext chat, CancellationToken cancellationToken) => command(typed, chat);
    }

    private sealed class ScriptedAutocomplete(Func<string, string, IReadOnlyList<AutocompleteChoice>> suggest) : IAutocomplete
    {
        public IReadOnlyList<AutocompleteChoice> Suggest(string command, string typed) => suggest(command, typed);
    }
}
