using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>subscribe, subscriptions and unsubscribe as a chat uses them.</summary>
public sealed class SubscriptionTests
{
    private static readonly ChatContext Private = new("telegram", "7", ChatKind.Private, "7");
    private static readonly ChatContext GroupMember = new("telegram", "-1001", ChatKind.Group, "8", SenderIsAdmin: false);
    private static readonly ChatContext GroupAdmin = new("telegram", "-1001", ChatKind.Group, "9", SenderIsAdmin: true);
    private static readonly ChatContext DiscordChannel = new("discord", "42", ChatKind.Channel, "5", SenderIsAdmin: true);

    private static AnnouncingRig Rig()
    {
        var rig = new AnnouncingRig();
        rig.Archive.Store.UpsertBatch(
        [
            Item("Migration talks", Day(2018, 1, 10)),
            Item("Trade fair", Day(2018, 3, 1)),
            Item("Migration round two", Day(2018, 6, 5)),
            Item("Visa office opens", Day(2018, 7, 1)),
        ]);
        rig.Start();
        return rig;
    }

    [Fact]
    public async Task Subscribe_without_backfill_announces_only_what_comes_next()
    {
        using var rig = Rig();
        var reply = Assert.IsType<NoticeReply>(await rig.AskAsync("subscribe", Private));
        await rig.RunUntilQuietAsync();
        Assert.Contains("every new item", reply.Heading, StringComparison.Ordinal);
        Assert.Empty(rig.Telegram.Attempts);

        rig.Archive.Store.UpsertBatch([Item("Fresh news", Day(2018, 8, 1))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal(["Fresh news"], rig.Telegram.ItemsTo("7"));
    }

    [Theory]
    [InlineData("subscribe backfill: last 2", new[] { "Migration round two", "Visa office opens" })]
    [InlineData("subscribe migration backfill: last 5", new[] { "Migration talks", "Migration round two" })]
    [InlineData("subscribe backfill: since 2018-03-01", new[] { "Trade fair", "Migration round two", "Visa office opens" })]
    [InlineData("suscribir historial: desde junio de 2018", new[] { "Migration round two", "Visa office opens" })]
    [InlineData("subscribe backfill: none", new string[0])]
    public async Task Each_backfill_choice_sends_its_earlier_items_oldest_first(string command, string[] expected)
    {
        using var rig = Rig();
        Assert.IsType<NoticeReply>(await rig.AskAsync(command, Private));
        await rig.RunUntilQuietAsync();

        Assert.Equal(expected, rig.Telegram.ItemsTo("7"));
    }

    [Fact]
    public async Task In_a_group_only_an_admin_may_subscribe_or_unsubscribe()
    {
        using var rig = Rig();

        var refusal = Assert.IsType<ErrorReply>(await rig.AskAsync("subscribe", GroupMember));
        Assert.Contains("only an admin", refusal.Problem, StringComparison.Ordinal);
        Assert.Empty(rig.Subscriptions.Of(GroupMember));

        Assert.IsType<NoticeReply>(await rig.AskAsync("subscribe migration", GroupAdmin));
        Assert.IsType<ErrorReply>(await rig.AskAsync("unsubscribe 1", GroupMember));
        var listed = Assert.IsType<NoticeReply>(await rig.AskAsync("subscriptions", GroupMember));
        Assert.Equal(["1. migration"], listed.Lines);

        Assert.IsType<NoticeReply>(await rig.AskAsync("unsubscribe 1", GroupAdmin));
        Assert.Empty(rig.Subscriptions.Of(GroupAdmin));
    }

    [Fact]
    public async Task Subscriptions_are_numbered_per_chat_and_unsubscribe_ends_the_one_named()
    {
        using var rig = Rig();
        await rig.AskAsync("subscribe migration", DiscordChannel);
        await rig.AskAsync("subscribe visa", DiscordChannel);
        await rig.AskAsync("subscribe trade", Private);

        Assert.IsType<NoticeReply>(await rig.AskAsync("unsubscribe 1", DiscordChannel));
        var listed = Assert.IsType<NoticeReply>(await rig.AskAsync("subscriptions", DiscordChannel));
        Assert.Equal(["1. visa"], listed.Lines);
        Assert.IsType<ErrorReply>(await rig.AskAsync("unsubscribe 3", DiscordChannel));

        rig.Archive.Store.UpsertBatch([Item("Migration again", Day(2018, 9, 1)), Item("Visa rules", Day(2018, 9, 2))]);
        await rig.RunUntilQuietAsync();
        Assert.Equal(["Visa rules"], rig.Discord.ItemsTo("42"));
    }

    [Theory]
    [InlineData("subscribe talks from:2018")]
    [InlineData("subscribe backfill: last 0")]
    [InlineData("subscribe backfill: soon")]
    [InlineData("subscribe backfill: since someday")]
    [InlineData("unsubscribe first")]
    public async Task A_bad_filter_or_backfill_is_explained(string command)
    {
        using var rig = Rig();
        Assert.IsType<ErrorReply>(await rig.AskAsync(command, Private));
        Assert.Empty(rig.Subscriptions.Of(Private));
    }

    [Fact]
    public async Task The_terminal_cannot_subscribe_because_nothing_delivers_there()
    {
        using var rig = Rig();
        var reply = Assert.IsType<ErrorReply>(await rig.AskAsync("subscribe", ChatContext.Terminal));
        Assert.Contains("not available", reply.Problem, StringComparison.Ordinal);
    }
}
