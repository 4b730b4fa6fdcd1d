using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Tests.Conversation;

/// <summary>The per-user command budget at the conversation port.</summary>
public sealed class CommandBudgetTests
{
    [Fact]
    public async Task A_flooding_user_is_told_once_then_dropped_while_another_user_is_answered()
    {
        using var archive = await Archive.WithSeedsAsync();
        using var conversation = new ChatConversation(
            archive.Handler, new ListLogger<ChatConversation>(), Options.Create(new ConversationOptions { CommandsPerMinute = 18 }));
        var flooder = new ChatContext("test", "group", ChatKind.Group, SenderId: "flooder");
        var other = new ChatContext("test", "group", ChatKind.Group, SenderId: "other");

        var flood = Enumerable.Range(0, 500).Select(_ => Task.Run(() => conversation.AnswerAsync("latest", flooder, CancellationToken.None))).ToList();
        var others = new List<Reply?>();
        for (var i = 0; i < 5; i++)
        {
            others.Add(await conversation.AnswerAsync("stats", other, CancellationToken.None));
        }

        var flooded = await Task.WhenAll(flood);

        Assert.All(others, reply => Assert.IsType<StatsReply>(reply));
        // A budget of 18 a minute: 6 at once, then one every 3.3 s, longer than the flood takes.
        Assert.Equal(6, flooded.Count(r => r is ListReply));
        Assert.Single(flooded, r => r is ErrorReply);
        Assert.Equal(493, flooded.Count(r => r is null));
    }

    [Fact]
    public async Task A_typed_command_over_the_budget_is_always_answered_so_the_platform_gets_its_reply()
    {
        using var archive = await Archive.WithSeedsAsync();
        using var conversation = new ChatConversation(
            archive.Handler, new ListLogger<ChatConversation>(), Options.Create(new ConversationOptions { CommandsPerMinute = 3 }));
        var user = new ChatContext("test", "1", SenderId: "u");

        var replies = new List<Reply>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(await conversation.AnswerAsync(new StatsCommand(), user, CancellationToken.None));
        }

        Assert.IsType<StatsReply>(replies[0]);
        Assert.IsType<ErrorReply>(replies[^1]);
    }

    [Fact]
    public async Task The_terminal_has_no_budget()
    {
        using var archive = await Archive.WithSeedsAsync();
        using var conversation = new ChatConversation(
            archive.Handler, new ListLogger<ChatConversation>(), Options.Create(new ConversationOptions { CommandsPerMinute = 1 }));

        for (var i = 0; i < 5; i++)
        {
            Assert.IsType<StatsReply>(await conversation.AnswerAsync("stats", ChatContext.Terminal, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_command_that_fails_inside_is_answered_with_an_error_and_the_next_one_still_is()
    {
        using var archive = await Archive.WithSeedsAsync();
        using var conversation = new ChatConversation(archive.Handler, new ListLogger<ChatConversation>());

        // The store goes away under the handler: the command throws inside, the port answers.
        archive.Database.Dispose();
        var failed = await conversation.AnswerAsync("latest", ChatContext.Terminal, CancellationToken.None);
        var next = await conversation.AnswerAsync("help", ChatContext.Terminal, CancellationToken.None);

        Assert.Contains("went wrong", Assert.IsType<ErrorReply>(failed).Problem, StringComparison.Ordinal);
        Assert.IsType<HelpReply>(next);
    }
}
