using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// The announcement scenarios against the real host and the fake Bot API, which keeps Telegram's sending limits
/// (1 a second per chat, 20 a minute per group or channel, 30 a second overall) and answers 429 past them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AnnouncementTests : AnnouncementScenarios<AnnouncementRig>
{
    private const string Kicked = "-1001700";

    protected override string Platform => "telegram";


    protected override int LongBodyLength => 5000;

    protected override string GroupChat => AnnouncementRig.Chat(FakeUpdates.GroupChat);

    protected override IReadOnlyList<(string Chat, string Reason)> Refusing => [(Kicked, "Forbidden: bot was kicked")];

    protected override Task<AnnouncementRig> StartAsync(IReadOnlyList<string> targets) => AnnouncementRig.StartAsync(targets);

    protected override Task<AnnouncementRig> StartAsync(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?> settings) =>
        AnnouncementRig.StartAsync(targets, settings);

    protected override IReadOnlyList<string> Chats(int scenario) => scenario switch
    {
        1 => ["-1001500", "1501"],
        2 => ["1601", "1602"],
        3 => ["1701"],
        _ => ["1801"],
    };

    protected override void AssertWithinLimits(AnnouncementRig rig) =>
        Assert.True(rig.Fake.LimitRefusals == 0, string.Join("\n", rig.Fake.Calls.Where(c => c.Method == "sendMessage").Select(c => $"{c.Sequence} {c.ChatId}")) + "\n" + rig.Output);

    protected override void AssertBodiesValid(AnnouncementRig rig) => Assert.All(rig.Fake.CallsTo("sendMessage"), LiveBotFixture.AssertValid);

    // Telegram has no idempotency key: a repeat would be a second accepted message, which the delivery counts catch.
    protected override void AssertNoRepeatedSends(AnnouncementRig rig) => Assert.Equal(rig.Fake.CallsTo("sendMessage").Count, rig.Fake.Sent.Count);

    protected override int Storm(AnnouncementRig rig)
    {
        rig.Fake.Storm(count: 10, retryAfter: 1);
        return 10;
    }

    protected override int Refused429(AnnouncementRig rig) => rig.Fake.CallsTo("sendMessage").Count - rig.Fake.Sent.Count;

    protected override void AssertRateLimitLogged(string output) => Assert.Contains("Too Many Requests", output, StringComparison.Ordinal);

    protected override void Refuse(AnnouncementRig rig) => rig.Fake.KickedChats.Add(Kicked);

    protected override int SendsTo(AnnouncementRig rig, string chat) => rig.Fake.CallsTo("sendMessage").Count(c => c.ChatId == chat);

    // Telegram's stats are asked in a private chat: the targets are channels and groups the test does not speak in.
    protected override async Task<string> StatsAsync(AnnouncementRig rig, string chat)
    {
        var before = rig.Fake.LastSequence;
        rig.Fake.Enqueue(FakeUpdates.Private("/stats"));
        var stats = await rig.Fake.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == AnnouncementRig.Chat(FakeUpdates.PrivateChat), before);
        return stats.Text!;
    }

    protected override void AssertDigestAndSplitCards(AnnouncementRig rig, IReadOnlyList<NewsItem> items, IReadOnlyList<PostedMessage> posted)
    {
        // A card carries its item's text ("On April 8, 2027, the meeting..."); a digest only titles, dates and ids.
        var digest = posted.Where(m => NewsPages.TagsIn(m.Text, items).Any() && !NewsPages.HasBody(m.Text)).ToList();
        Assert.True(digest.Count >= 2, $"the digest of 20 long titles came as {digest.Count} message(s)");
        Assert.Equal(20, digest.Sum(m => NewsPages.TagsIn(m.Text, items).Count()));
        Assert.StartsWith("<b>20 new items</b>", digest[0].Text, StringComparison.Ordinal);
        Assert.Equal(2 * 3, posted.Count - digest.Count);
    }

    protected override async Task<string> SubscribeAsync(AnnouncementRig rig, bool admin)
    {
        if (admin)
        {
            // Past the group's one message a second before the next answer.
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            rig.Fake.GroupAdmins.Add(FakeUpdates.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var before = rig.Fake.LastSequence;
        rig.Fake.Enqueue(FakeUpdates.Group("/subscribe"));
        var answer = await rig.Fake.WaitForAsync(c => c.Method == "sendMessage" && c.ChatId == GroupChat, before);
        if (!admin)
        {
            Assert.Single(rig.Fake.CallsTo("getChatMember"));
        }

        return answer.Text!;
    }
}
