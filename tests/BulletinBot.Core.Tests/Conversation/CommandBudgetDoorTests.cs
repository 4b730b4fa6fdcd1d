using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Conversation;

/// <summary>The budget as the adapters take it at their door, on a fake clock.</summary>
public sealed class CommandBudgetDoorTests
{
    private static CommandBudget Budget(int perMinute, TimeProvider time) =>
        new(Options.Create(new ConversationOptions { CommandsPerMinute = perMinute }), time);

    [Fact]
    public void A_flood_at_once_admits_a_third_of_the_minute_and_tells_once()
    {
        var time = new FakeTimeProvider();
        var budget = Budget(60, time);
        var flooder = new ChatContext("test", "1", SenderId: "flooder");

        var decisions = Enumerable.Range(0, 500).Select(_ => budget.Admit(flooder)).ToList();

        Assert.Equal(20, decisions.Count(d => d == Admission.Admitted));
        Assert.Equal(Admission.RefusedAndTold, decisions[20]);
        Assert.Equal(479, decisions.Count(d => d == Admission.Refused));
        Assert.Equal(Admission.Admitted, budget.Admit(flooder with { SenderId = "other" }));
    }

    [Fact]
    public void A_steady_flood_is_told_once_a_minute_not_once_per_refill()
    {
        var time = new FakeTimeProvider();
        var budget = Budget(60, time);
        var flooder = new ChatContext("test", "1", SenderId: "flooder");
        var decisions = new List<Admission>();

        // Five commands a second for two minutes: the budget refills one a second, so the flood is refused
        // between refills all along.
        for (var tick = 0; tick < 600; tick++)
        {
            decisions.Add(budget.Admit(flooder));
            time.Advance(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(2, decisions.Count(d => d == Admission.RefusedAndTold));
        Assert.InRange(decisions.Count(d => d == Admission.Admitted), 20 + 118, 20 + 120);
    }

    [Fact]
    public void A_sender_told_is_told_again_only_after_a_minute()
    {
        var time = new FakeTimeProvider();
        var budget = Budget(6, time);
        var user = new ChatContext("test", "1", SenderId: "u");

        Assert.Equal(Admission.Admitted, budget.Admit(user));
        Assert.Equal(Admission.Admitted, budget.Admit(user));
        Assert.Equal(Admission.RefusedAndTold, budget.Admit(user));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Admission.Admitted, budget.Admit(user));
        Assert.Equal(Admission.Refused, budget.Admit(user));
        time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(Admission.Admitted, budget.Admit(user));
        Assert.Equal(Admission.Admitted, budget.Admit(user));
        Assert.Equal(Admission.RefusedAndTold, budget.Admit(user));
    }

    [Fact]
    public async Task A_command_admitted_at_the_door_is_not_charged_again_by_the_conversation()
    {
        using var archive = await Archive.WithSeedsAsync();
        var time = new FakeTimeProvider();
        var budget = Budget(3, time);
        using var conversation = new ChatConversation(archive.Handler, new ListLogger<ChatConversation>(), budget: budget);
        var user = new ChatContext("test", "1", SenderId: "u");

        Assert.Equal(Admission.Admitted, budget.Admit(user));
        var answered = await conversation.AnswerAsync("stats", user with { Admitted = true }, CancellationToken.None);
        var charged = await conversation.AnswerAsync("stats", user, CancellationToken.None);

        Assert.IsType<StatsReply>(answered);
        Assert.Same(ChatConversation.TooFast, charged);
    }
}
