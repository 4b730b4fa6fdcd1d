namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// The announcement scenarios against the real host and the fake Discord, which keeps 5 posts per 5 s per channel
/// (with X-RateLimit-* headers and 429 past it), honours nonce with enforce_nonce, and checks every body against
/// Discord's OpenAPI description and the embed limits.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AnnouncementTests : AnnouncementScenarios<AnnouncementRig>
{
    private const string ManageChannels = "16";
    private const string Forbidden = "830000000000000001";
    private const string Deleted = "830000000000000002";
    private const int StormLength = 14;

    protected override string Platform => "discord";

    protected override int LongBodyLength => 9000;

    protected override string GroupChat => "850000000000000001";

    protected override IReadOnlyList<(string Chat, string Reason)> Refusing =>
    [
        (Forbidden, "Discord refused the channel: Missing Access"),
        (Deleted, "Discord does not know the channel: Unknown Channel"),
    ];

    protected override Task<AnnouncementRig> StartAsync(IReadOnlyList<string> targets) => AnnouncementRig.StartAsync(targets);

    protected override Task<AnnouncementRig> StartAsync(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?> settings) =>
        AnnouncementRig.StartAsync(targets, settings);

    protected override IReadOnlyList<string> Chats(int scenario) => scenario switch
    {
        1 => ["810000000000000001", "810000000000000002"],
        2 => ["820000000000000001", "820000000000000002"],
        3 => ["830000000000000003"],
        _ => ["840000000000000001"],
    };

    protected override void AssertWithinLimits(AnnouncementRig rig) => Assert.Equal(0, rig.Fake.Channels.LimitRefusals);

    protected override void AssertBodiesValid(AnnouncementRig rig) => Assert.Empty(rig.Fake.Violations);

    // A post sent again carries its nonce, and the fake answers it with the first message: none should have been.
    protected override void AssertNoRepeatedSends(AnnouncementRig rig) => Assert.Equal(0, rig.Fake.Channels.NonceRepeats);

    protected override int Storm(AnnouncementRig rig)
    {
        for (var i = 0; i < StormLength; i++)
        {
            rig.Fake.Script(IsPost, new Fakes.ScriptedAnswer(429,
                new { message = "You are being rate limited.", retry_after = 0.2, global = false },
                new Dictionary<string, string>
                {
                    ["X-RateLimit-Bucket"] = Fakes.FakeChannels.Bucket,
                    ["X-RateLimit-Limit"] = "5",
                    ["X-RateLimit-Remaining"] = "0",
                    ["X-RateLimit-Reset-After"] = "0.2",
                    ["X-RateLimit-Scope"] = "user",
                }));
        }

        return StormLength;
    }

    protected override int Refused429(AnnouncementRig rig) =>
        rig.Fake.Requests.Count(IsPost) - rig.Posted().Count - rig.Fake.Channels.NonceRepeats;

    protected override void AssertRateLimitLogged(string output) => Assert.Contains("rate limit", output, StringComparison.OrdinalIgnoreCase);

    protected override void Refuse(AnnouncementRig rig)
    {
        rig.Fake.Channels.ForbiddenChannels.Add(Forbidden);
        rig.Fake.Channels.UnknownChannels.Add(Deleted);
    }

    protected override int SendsTo(AnnouncementRig rig, string chat) => rig.Fake.Requests.Count(r => r.Path == $"channels/{chat}/messages");

    protected override async Task<string> StatsAsync(AnnouncementRig rig, string chat)
    {
        var stats = await rig.InteractAsync("831", new { name = "stats" }, chat, "0");
        return stats.GetProperty("embeds")[0].GetProperty("description").GetString()!;
    }

    protected override void AssertDigestAndSplitCards(AnnouncementRig rig, IReadOnlyList<NewsItem> items, IReadOnlyList<PostedMessage> posted)
    {
        var digest = Assert.Single(rig.Fake.Channels.Created, m => NewsPages.TagsIn(AnnouncementRig.Text(m), items).Count() > 1);
        var embed = Assert.Single(digest.Body.GetProperty("embeds").EnumerateArray());
        Assert.StartsWith("20 new bulletins", embed.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, embed.GetProperty("fields").GetArrayLength());
        // Each card of about 9000 characters is more than one message of at most 6000.
        Assert.Equal(3 * 2, posted.Count - 1);
        Assert.All(rig.Fake.Channels.Created, m => Assert.InRange(m.Body.GetProperty("embeds").GetArrayLength(), 1, 10));
    }

    protected override async Task<string> SubscribeAsync(AnnouncementRig rig, bool admin)
    {
        var answer = await rig.InteractAsync(admin ? "852" : "851", new { name = "subscribe" }, GroupChat, admin ? ManageChannels : "0");
        return answer.GetProperty("content").GetString()!;
    }

    private static bool IsPost(Fakes.RecordedRequest r) => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal);
}
