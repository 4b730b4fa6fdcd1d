using System.Text.Json;
using BulletinBot.Charts;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Discord.Interactions;
using BulletinBot.Discord.Rendering;
using BulletinBot.Discord.Rest;
using BulletinBot.TestPages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;

namespace BulletinBot.Discord.Tests.Interactions;

/// <summary>
/// /chart over the seed archive (a real store and index in memory): the answer is multipart/form-data, payload_json
/// and files[0], an embed showing attachment://chart.png, checked by the fake against Discord's OpenAPI description.
/// </summary>
public sealed class ChartInteractionTests : IAsyncLifetime, IDisposable
{
    private const string Callback = "/interactions/{interaction_id}/{interaction_token}/callback";

    private readonly BulletinDatabase database = BulletinDatabase.InMemory();
    private BulletinStore store = null!;
    private BulletinSearch search = null!;
    private ChatConversation conversation = null!;

    public async Task InitializeAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        store = new BulletinStore(database, time);
        await new Ingestor(store, time, NullLogger<Ingestor>.Instance)
            .IngestAsync(new SeedFolderSource(Path.Combine(AppContext.BaseDirectory, "seeds")), CancellationToken.None);
        search = new BulletinSearch(store, NullLogger<BulletinSearch>.Instance);
        conversation = new ChatConversation(new CommandHandler(store, search, new ContinuationStore(database, time), time), NullLogger<ChatConversation>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        conversation.Dispose();
        search.Dispose();
        database.Dispose();
    }

    private InteractionResponder Responder(ClientHarness harness, IConversation? answers = null) =>
        new(harness.Rest, answers ?? conversation, new ArchiveAutocomplete(search, store), harness.Clock, NullLogger<InteractionResponder>.Instance);

    [Fact]
    public async Task Chart_answers_with_the_png_as_files_0_shown_by_its_embed()
    {
        await using var harness = await ClientHarness.StartAsync();

        await Responder(harness).RespondAsync(InteractionResponderTests.Interaction(2, new { name = "chart" }), CancellationToken.None);

        var answer = Assert.Single(harness.Fake.Requests);
        Assert.Empty(harness.Fake.Violations);
        Assert.Equal(Callback, answer.Template);
        Assert.True(answer.Multipart);
        var file = Assert.Single(answer.Files);
        Assert.Equal(("files[0]", ChartReply.FileName, "image/png"), (file.Field, file.FileName, file.ContentType));
        Assert.True(ChartPicture.IsPng(file.Bytes));
        var data = answer.Body.GetProperty("data");
        Assert.Equal(4, answer.Body.GetProperty("type").GetInt32());
        Assert.Equal("attachment://chart.png", data.GetProperty("embeds")[0].GetProperty("image").GetProperty("url").GetString());
        Assert.Equal("Items per month", data.GetProperty("embeds")[0].GetProperty("title").GetString());
        // Escaped as every text the bot sends to Discord is (Discord shows "\(" as "(").
        Assert.Equal("Total: 8 \\(January 2018 to August 2018\\).", data.GetProperty("embeds")[0].GetProperty("description").GetString());
        var attachment = Assert.Single(data.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("0", "chart.png"), (attachment.GetProperty("id").GetString(), attachment.GetProperty("filename").GetString()));
        // The seeds: 8 dated items from January to August 2018, none from March to May: 5 bars drawn.
        using var picture = SKBitmap.Decode(file.Bytes);
        Assert.Equal(5, ChartPixels.BarRuns(picture));
    }

    [Fact]
    public async Task A_chart_of_a_search_takes_the_query_option()
    {
        await using var harness = await ClientHarness.StartAsync();

        await Responder(harness).RespondAsync(
            InteractionResponderTests.Interaction(2, new { name = "chart", options = new[] { new { name = "query", type = 3, value = "migration" } } }),
            CancellationToken.None);

        var answer = Assert.Single(harness.Fake.Requests);
        Assert.Empty(harness.Fake.Violations);
        Assert.Equal("Items per month matching “migration”", answer.Body.GetProperty("data").GetProperty("embeds")[0].GetProperty("title").GetString());
        Assert.Single(answer.Files);
    }

    [Fact]
    public async Task A_slow_chart_is_deferred_and_the_picture_goes_with_the_edit_of_the_original()
    {
        await using var harness = await ClientHarness.StartAsync();
        var slow = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);

        var responding = Responder(harness, new Slow(slow.Task)).RespondAsync(InteractionResponderTests.Interaction(2, new { name = "chart" }), CancellationToken.None);
        var deferred = await harness.Fake.WaitForRequestsAsync(r => r.Template == Callback, 1,
            whileWaiting: () => harness.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        slow.SetResult(Assert.IsType<ChartReply>(await conversation.AnswerAsync("chart", ChatContext.Terminal, CancellationToken.None)));
        await responding.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(deferred[0].Multipart);
        var edit = harness.Fake.Requests[^1];
        Assert.Equal(("PATCH", true), (edit.Method, edit.Multipart));
        Assert.True(ChartPicture.IsPng(Assert.Single(edit.Files).Bytes));
        Assert.Empty(harness.Fake.Violations);
    }

    [Fact]
    public async Task The_fake_refuses_an_upload_its_body_does_not_name_so_the_tests_above_can_fail()
    {
        await using var harness = await ClientHarness.StartAsync();
        var body = new InteractionCallback(InteractionCallback.ChannelMessage,
            new DiscordMessage(Embeds: [new Embed("t") { Image = new EmbedImage("attachment://other.png") }]) { Attachments = [new Attachment("1", "chart.png")] });
        var request = DiscordRequest.InteractionCallback("300000000000000001", "interaction-token-abc", body)
            with { Files = [new DiscordFile("chart.png", new byte[] { 1, 2, 3 }, "image/png")] };

        var answer = await harness.Rest.SendAsync(request, CancellationToken.None);

        Assert.Equal(400, (int)answer.Status);
        Assert.Contains(harness.Fake.Violations, v => v.Contains("files[0]: no attachment with id 0", StringComparison.Ordinal));
        Assert.Contains(harness.Fake.Violations, v => v.Contains("attachments: id 1 has no files[1] part", StringComparison.Ordinal));
        Assert.Contains(harness.Fake.Violations, v => v.Contains("attachment://other.png names no uploaded file", StringComparison.Ordinal));
    }


    private sealed class Slow(Task<Reply> reply) : IConversation
    {
        public Task<Reply?> AnswerAsync(string typed, ChatContext chat, CancellationToken cancellationToken) => Task.FromResult<Reply?>(null);

        public Task<Reply> AnswerAsync(Command typed, ChatContext chat, CancellationToken cancellationToken) => reply;
    }
}
