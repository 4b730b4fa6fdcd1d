using BulletinBot.Telegram.Tests.Fakes;
using Xunit.Abstractions;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// Three replicas of the real host on one PostgreSQL database, with the Telegram token: one leader reads the sources
/// and announces, and when it is killed with -9 another takes over and nothing is lost. Telegram has no idempotency
/// key, so the only repeats allowed are messages in flight at a kill.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReplicaTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["7101", "7102"];

    [Fact]
    public async Task Three_replicas_announce_each_new_item_once_per_target_and_health_names_the_leader()
    {
        await using var rig = await ReplicaRig.StartAsync(3, Targets);
        var items = NewsPages.Items(page: 31, count: 3);

        rig.Drop("931_news.txt", items);
        await rig.WaitForAllAsync(items);
        await rig.WaitUntilSettledAsync();

        var posted = rig.Posted();
        Assert.Equal(Targets.Length * items.Count, posted.Count);
        Assert.Empty(DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: 0));

        // Only the leader read the page and announced; the others answer chats.
        var leader = await rig.LeaderAsync();
        Assert.All(rig.Running.Where(r => r != leader), r => Assert.DoesNotContain("page 931_news.txt: ", r.Text, StringComparison.Ordinal));
        var (code, health) = await rig.HealthAsync();
        Assert.True(code == 0, health);
        Assert.Contains($"leader: {Environment.MachineName} pid {leader.Id}", health, StringComparison.Ordinal);
        Assert.Contains("outbox: idle", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leader_killed_at_random_moments_is_taken_over_and_every_item_reaches_every_target()
    {
        await using var rig = await ReplicaRig.StartAsync(3, Targets, new Dictionary<string, string?> { ["Announcements__DigestThreshold"] = "4" });
        var (seed, rounds, items, _, took, last) = await KillLoop.RunAsync(rig, output);

        var posted = rig.Posted();
        var summary = DeliveryCounts.Summary(posted, Targets, items);
        output.WriteLine($"{rounds} leader kills in {took:mm\\:ss}: {summary}");
        var problems = DeliveryCounts.Problems(posted, Targets, items, allowedRepeats: rounds);
        Assert.True(problems.Count == 0, $"seed {seed}: {string.Join("\n", problems)}\n{summary}\n{last}");
        // A new leader does not know when the killed one last sent to each chat (its lease is freed as soon as its
        // connection drops), so it starts as if every chat had just been written to: no send is refused.
        var refusals = rig.Fake.LimitRefusals;
        Assert.True(refusals == 0, $"seed {seed}: {refusals} sends refused by the limits");
    }

    [Fact]
    public async Task A_new_item_is_found_by_a_search_within_seconds_of_its_ingest_whichever_replica_answers()
    {
        await using var rig = await ReplicaRig.StartAsync(3, []);
        var items = NewsPages.Items(page: 33, count: 1);

        rig.Drop("933_news.txt", items);
        var leader = await rig.LeaderAsync();
        await leader.WaitForAsync("page 933_news.txt: ", TimeSpan.FromSeconds(30));
        var ingested = DateTime.UtcNow;

        // Each search goes to whichever replica polls first; several in a row reach more than one replica.
        for (var chat = 1; chat <= 6; chat++)
        {
            var after = rig.Fake.LastSequence;
            rig.Fake.Enqueue(FakeUpdates.Message(9000 + chat, "private", $"/search {items[0].Tag}"));
            var answer = await rig.Fake.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == (9000 + chat).ToString(System.Globalization.CultureInfo.InvariantCulture), after);
            Assert.True(answer.Text!.Contains(items[0].Tag, StringComparison.Ordinal), $"search {chat} answered without the item: {answer.Text}\n{rig.Output}");
        }

        Assert.True(DateTime.UtcNow - ingested < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_listing_started_on_one_replica_pages_on_another_after_the_first_is_killed()
    {
        await using var rig = await ReplicaRig.StartAsync(1, []);
        var first = rig.Running[0];
        var before = rig.Fake.LastSequence;
        rig.Fake.Enqueue(FakeUpdates.Private("/latest 2"));
        var listing = await rig.Fake.WaitForAsync("sendMessage", before);
        var next = LiveBotFixture.CallbackData(listing).Single(d => d.StartsWith("next ", StringComparison.Ordinal));

        // The listing's pages are in the database: a replica that never saw it answers its next button.
        await rig.AddReplicaAsync();
        await first.KillAsync();
        before = rig.Fake.LastSequence;
        rig.Fake.Enqueue(FakeUpdates.Callback(FakeUpdates.PrivateChat, listing.MessageId, next));
        var edited = await rig.Fake.WaitForAsync("editMessageText", before, timeoutSeconds: 60);

        Assert.Equal(listing.MessageId, (int?)edited.Body["message_id"]);
        Assert.NotEqual(listing.Text, edited.Text);
        Assert.Contains(LiveBotFixture.CallbackData(edited), d => d.StartsWith("previous ", StringComparison.Ordinal));
        Assert.True(first.HasExited);
    }
}
